using System.Net;
using System.Net.Http.Json;
using EventSourced.Api.Infrastructure;
using EventSourced.Api.Modules.Models;

namespace EventSourced.IntegrationTests.Models;

/// <summary>What every command on an existing model shares (ModelWrite), pinned on routes other than the patrols'.</summary>
public class ModelWriteTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task A_malformed_If_Match_answers_400_on_If_Match_even_for_a_model_that_is_not_recorded()
    {
        // Given
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/models/{Guid.CreateVersion7()}/inspections")
        {
            Content = JsonContent.Create(RecordInspections.Example, options: ApiFactory.Json),
        };
        request.Headers.TryAddWithoutValidation("If-Match", "W/\"1\"");

        // When
        var response = await _client.SendAsync(request);

        // Then
        (await response.ShouldBeProblem(400)).Fields().ShouldBe(["If-Match"]);
    }

    [Fact]
    public async Task Inspections_after_the_2025_reform_are_placed_in_the_ward_in_force_on_their_date()
    {
        // Given: Phường 13 (Quận 4) went whole into Phường Xóm Chiếu on 2025-07-01.
        var modelId = await _client.RegisteredModel(unit: "27259", launch: new DateOnly(2023, 4, 1));

        // When
        var response = await _client.PostJson($"/api/v1/models/{modelId}/inspections", RecordInspections.Example with { ConductedOn = new DateOnly(2025, 8, 2) });

        // Then
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Read<Recorded>()).Version.ShouldBe(2);
        await using var session = api.Store.QuerySession();
        var recorded = (await session.Events.FetchStreamAsync(modelId)).Select(e => e.Data).OfType<InspectionsRecorded>().Single();
        (recorded.Unit.Name, recorded.Unit.DistrictCode).ShouldBe(("Phường Xóm Chiếu", null));
    }

    [Fact]
    public async Task Sanctions_after_the_models_ward_was_split_answer_422_naming_no_field_and_append_nothing()
    {
        // Given
        var modelId = await _client.RegisteredModel(unit: "27295", launch: new DateOnly(2025, 2, 1));
        var before = await api.EventCount();

        // When
        var response = await _client.PostJson($"/api/v1/models/{modelId}/sanctions", RecordSanctions.Example with { ImposedOn = new DateOnly(2025, 8, 2) });

        // Then
        var problem = await response.ShouldBeProblem(422);
        problem.GetProperty("type").GetString().ShouldBe(Problems.RuleViolatedType);
        problem.GetProperty("detail").GetString()!.ShouldContain("was split by a reform before 2025-08-02");
        problem.TryGetProperty("field", out _).ShouldBeFalse();
        (await api.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task A_repeat_that_changes_nothing_answers_the_version_the_model_is_at()
    {
        // Given
        var modelId = await _client.RegisteredModel();
        var first = await (await _client.PostJson($"/api/v1/models/{modelId}/cases", RecordDetectedCase.Example)).Read<Recorded>();

        // When
        var again = await _client.PostJson($"/api/v1/models/{modelId}/cases", RecordDetectedCase.Example);

        // Then
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await again.Read<Recorded>()).ShouldBe(new Recorded(first.Id, 2));
        first.Version.ShouldBe(2);
    }
}
