using System.Net;
using System.Net.Http.Json;
using EventSourced.Api.Infrastructure;
using EventSourced.Api.Modules.Models;

namespace EventSourced.IntegrationTests.Infrastructure;

public class IdempotencyTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    private Task<HttpResponseMessage> Post<T>(string url, T body, string? key)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body, options: ApiFactory.Json) };
        if (key is not null)
        {
            request.Headers.TryAddWithoutValidation(RequestMetadata.IdempotencyHeader, key);
        }
        return _client.SendAsync(request);
    }

    private async Task<int> PatrolsOf(Guid modelId) =>
        (await (await _client.GetAsync($"/api/v1/models/{modelId}")).Read<SecurityModel>()).Totals.PatrolShifts;

    [Fact]
    public async Task A_retry_with_the_same_key_and_body_replays_the_first_answer_and_records_nothing_new()
    {
        // Given
        var modelId = await _client.RegisteredModel();
        var first = await Post($"/api/v1/models/{modelId}/patrols", RecordPatrol.Example, "shift-2023-05-06-a");
        var before = await api.EventCount();

        // When
        var retry = await Post($"/api/v1/models/{modelId}/patrols", RecordPatrol.Example, "shift-2023-05-06-a");

        // Then
        retry.StatusCode.ShouldBe(HttpStatusCode.Created);
        retry.Headers.Location.ShouldBe(first.Headers.Location);
        (await retry.Content.ReadAsStringAsync()).ShouldBe(await first.Content.ReadAsStringAsync());
        retry.Headers.GetValues(IdempotencyMiddleware.ReplayedHeader).ShouldBe(["true"]);
        (await api.EventCount()).ShouldBe(before);
        (await PatrolsOf(modelId)).ShouldBe(1);
    }

    [Fact]
    public async Task The_same_key_with_a_different_body_answers_422_and_records_nothing()
    {
        var modelId = await _client.RegisteredModel();
        await Post($"/api/v1/models/{modelId}/patrols", RecordPatrol.Example, "shift-key-b");
        var before = await api.EventCount();

        var other = await Post($"/api/v1/models/{modelId}/patrols", RecordPatrol.Example with { Participants = 12 }, "shift-key-b");

        var problem = await other.ShouldBeProblem(422);
        problem.GetProperty("type").GetString().ShouldBe(IdempotencyMiddleware.KeyMismatchType);
        (await api.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task Twenty_parallel_retries_of_one_patrol_record_exactly_one_event_and_all_get_its_answer()
    {
        // Given
        var modelId = await _client.RegisteredModel();

        // When
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Post($"/api/v1/models/{modelId}/patrols", RecordPatrol.Example, "shift-key-parallel")));

        // Then
        (await PatrolsOf(modelId)).ShouldBe(1);
        responses.Select(r => (int)r.StatusCode).ShouldAllBe(status => status == 201);
        var patrolIds = await Task.WhenAll(responses.Select(async r => (await r.Read<PatrolAccepted>()).PatrolId));
        patrolIds.Distinct().Count().ShouldBe(1);
    }

    [Fact]
    public async Task Different_keys_are_different_commands()
    {
        var modelId = await _client.RegisteredModel();

        await Post($"/api/v1/models/{modelId}/patrols", RecordPatrol.Example, "shift-key-c1");
        await Post($"/api/v1/models/{modelId}/patrols", RecordPatrol.Example, "shift-key-c2");

        (await PatrolsOf(modelId)).ShouldBe(2);
    }

    [Fact]
    public async Task A_registration_retried_with_its_key_creates_one_model()
    {
        var first = await Post("/api/v1/models", RegisterModel.Example, "register-h3-2023");
        var retry = await Post("/api/v1/models", RegisterModel.Example, "register-h3-2023");

        (await retry.Read<Recorded>()).Id.ShouldBe((await first.Read<Recorded>()).Id);
    }

    [Fact]
    public async Task A_key_with_spaces_answers_400_on_the_header()
    {
        var response = await Post("/api/v1/models", RegisterModel.Example, "not a key");

        (await response.ShouldBeProblem(400)).Fields().ShouldBe([RequestMetadata.IdempotencyHeader]);
    }
}
