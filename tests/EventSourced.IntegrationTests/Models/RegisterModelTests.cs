using EventSourced.Api.Infrastructure;
using System.Net;
using System.Net.Http.Json;
using EventSourced.Api.Modules.Models;
using EventSourced.Api.Modules.Reference;

namespace EventSourced.IntegrationTests.Models;

public class RegisterModelTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task Registering_a_model_answers_201_with_its_location_and_the_model_reads_back_with_diacritics()
    {
        // When
        var response = await _client.PostJson("/api/v1/models", RegisterModel.Example);

        // Then
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var recorded = await response.Read<Recorded>();
        recorded.Version.ShouldBe(1);
        response.Headers.Location!.ToString().ShouldBe($"/api/v1/models/{recorded.Id}");

        var model = await (await _client.GetAsync(response.Headers.Location)).Read<SecurityModel>();
        model.Id.ShouldBe(recorded.Id);
        model.Name.ShouldBe("Tổ tự quản chung cư H3 Hoàng Diệu");
        model.ModelType.ShouldBe("apartment-self-management-team");
        model.Kind.ShouldBe(ModelKind.Model);
        model.UnitCode.ShouldBe("27259");
        model.ProvinceCode.ShouldBe("79");
        model.LeadOrganisation.ShouldBe(Organisation.Police);
        model.Partners.ShouldBe([Organisation.FatherlandFront, Organisation.YouthUnion]);
        model.ProgramId.ShouldBe("hcmc-478-2013");
        model.LaunchDate.ShouldBe(new DateOnly(2023, 4, 1));
        model.Status.ShouldBe(ModelStatus.Active);
        model.Totals.ShouldBe(ActivityTotals.Zero);
        model.Version.ShouldBe(1);
    }

    [Fact]
    public async Task The_model_answers_with_its_version_as_ETag()
    {
        var id = await _client.RegisteredModel();

        var response = await _client.GetAsync($"/api/v1/models/{id}");

        response.Headers.ETag!.Tag.ShouldBe("\"1\"");
    }

    [Fact]
    public async Task The_event_records_the_correlation_id_the_idempotency_key_as_causation_and_the_business_date()
    {
        // Given
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/models")
        {
            Content = JsonContent.Create(RegisterModel.Example, options: ApiFactory.Json),
        };
        request.Headers.Add("X-Correlation-Id", "ward-27259-report-2023-04");
        request.Headers.Add("Idempotency-Key", "cmd-0001");

        // When
        var response = await _client.SendAsync(request);

        // Then
        response.Headers.GetValues("X-Correlation-Id").ShouldBe(["ward-27259-report-2023-04"]);
        var id = (await response.Read<Recorded>()).Id;
        await using var session = api.Store.QuerySession();
        var stored = (await session.Events.FetchStreamAsync(id)).Single();
        stored.EventTypeName.ShouldBe("model_registered");
        stored.CorrelationId.ShouldBe("ward-27259-report-2023-04");
        stored.CausationId.ShouldBe("cmd-0001");
        ((ModelRegistered)stored.Data).LaunchDate.ShouldBe(new DateOnly(2023, 4, 1));
        stored.Timestamp.ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMinutes(-5), "recorded time is when the ledger learned it");
    }

    [Fact]
    public async Task A_request_without_a_correlation_id_gets_one_generated_and_echoed()
    {
        var response = await _client.PostJson("/api/v1/models", RegisterModel.Example);

        var echoed = response.Headers.GetValues("X-Correlation-Id").Single();
        echoed.Length.ShouldBe(32);
        var id = (await response.Read<Recorded>()).Id;
        await using var session = api.Store.QuerySession();
        (await session.Events.FetchStreamAsync(id)).Single().CorrelationId.ShouldBe(echoed);
    }

    [Fact]
    public async Task Replicating_a_known_model_links_the_new_model_to_its_origin()
    {
        var origin = await _client.RegisteredModel();

        var response = await _client.PostJson("/api/v1/models", RegisterModel.Example with { ReplicatedFrom = origin, UnitCode = "27262" });

        var model = await (await _client.GetAsync(response.Headers.Location)).Read<SecurityModel>();
        model.ReplicatedFrom.ShouldBe(origin);
    }

    [Fact]
    public async Task Replicating_an_unknown_model_answers_422_on_replicatedFrom_and_appends_nothing()
    {
        var before = await api.EventCount();

        var response = await _client.PostJson("/api/v1/models", RegisterModel.Example with { ReplicatedFrom = Guid.CreateVersion7() });

        var problem = await response.ShouldBeProblem(422);
        problem.GetProperty("field").GetString().ShouldBe("replicatedFrom");
        (await api.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task An_unknown_model_id_answers_404_as_a_problem()
    {
        var response = await _client.GetAsync($"/api/v1/models/{Guid.CreateVersion7()}");

        await response.ShouldBeProblem(404);
    }
}
