using System.Net;
using EventSourced.Api.Ledger;
using EventSourced.Api.Modules.Models;

namespace EventSourced.IntegrationTests.Models;

public class RecordPatrolTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task Recorded_shifts_add_up_in_the_models_running_totals()
    {
        // Given
        var modelId = await _client.RegisteredModel();

        // When
        var first = await _client.PostJson($"/api/v1/models/{modelId}/patrols", RecordPatrol.Example);
        var second = await _client.PostJson($"/api/v1/models/{modelId}/patrols", RecordPatrol.Example with
        {
            Participants = 12,
            Inspections = 3,
            Sanctions = new SanctionCounts(0, 2, 1),
            CasesDetected = 2,
        });

        // Then
        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await second.Read<PatrolAccepted>()).ModelVersion.ShouldBe(3);
        var model = await (await _client.GetAsync($"/api/v1/models/{modelId}")).Read<SecurityModel>();
        model.Totals.ShouldBe(new ActivityTotals(2, 19, 5, new SanctionCounts(1, 2, 1), 2));
        model.Version.ShouldBe(3);
    }

    [Fact]
    public async Task A_recorded_shift_reads_back_at_its_location_with_business_and_recorded_time()
    {
        var modelId = await _client.RegisteredModel();

        var response = await _client.PostJson($"/api/v1/models/{modelId}/patrols", RecordPatrol.Example);
        var accepted = await response.Read<PatrolAccepted>();

        response.Headers.Location!.ToString().ShouldBe($"/api/v1/models/{modelId}/patrols/{accepted.PatrolId}");
        var view = await (await _client.GetAsync(response.Headers.Location)).Read<PatrolView>();
        view.Patrol.PatrolId.ShouldBe(accepted.PatrolId);
        view.Patrol.Unit.Code.ShouldBe("27259");
        view.Patrol.ShiftStart.ShouldBe(RecordPatrol.Example.ShiftStart);
        view.Patrol.Participants.ShouldBe(7);
        view.Version.ShouldBe(2);
        view.RecordedAt.ShouldBeGreaterThan(view.Patrol.ShiftEnd);
    }

    [Fact]
    public async Task A_shift_after_the_model_was_discontinued_answers_409_and_appends_nothing()
    {
        // Given
        var modelId = await _client.RegisteredModel();
        (await _client.Discontinue(modelId, new DiscontinueModel(new DateOnly(2023, 9, 1), "Giải thể")))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        var before = await api.EventCount();

        // When
        var start = new DateTimeOffset(2023, 9, 2, 19, 0, 0, VietnamTime.Offset);
        var response = await _client.PostJson($"/api/v1/models/{modelId}/patrols",
            RecordPatrol.Example with { ShiftStart = start, ShiftEnd = start.AddHours(3) });

        // Then
        var problem = await response.ShouldBeProblem(409);
        problem.GetProperty("detail").GetString()!.ShouldContain("discontinued on 2023-09-01");
        (await api.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task A_shift_before_the_launch_date_answers_422_on_shiftStart_and_appends_nothing()
    {
        var modelId = await _client.RegisteredModel(launch: new DateOnly(2023, 6, 1));
        var before = await api.EventCount();

        var response = await _client.PostJson($"/api/v1/models/{modelId}/patrols", RecordPatrol.Example);

        var problem = await response.ShouldBeProblem(422);
        problem.GetProperty("field").GetString().ShouldBe("shiftStart");
        (await api.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task A_shift_for_an_unknown_model_answers_404_and_appends_nothing()
    {
        var before = await api.EventCount();

        var response = await _client.PostJson($"/api/v1/models/{Guid.CreateVersion7()}/patrols", RecordPatrol.Example);

        await response.ShouldBeProblem(404);
        (await api.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task Thirty_two_parallel_shifts_on_one_model_are_all_recorded_and_the_totals_equal_the_events_stored()
    {
        // Given
        var modelId = await _client.RegisteredModel();

        // When
        var responses = await Task.WhenAll(Enumerable.Range(1, 32).Select(i =>
            _client.PostJson($"/api/v1/models/{modelId}/patrols", RecordPatrol.Example with { Participants = i })));

        // Then
        responses.Select(r => (int)r.StatusCode).ShouldAllBe(status => status == 201);
        var model = await (await _client.GetAsync($"/api/v1/models/{modelId}")).Read<SecurityModel>();
        await using var session = api.Store.QuerySession();
        var stored = (await session.Events.FetchStreamAsync(modelId)).Select(e => e.Data).OfType<PatrolRecorded>().ToList();
        stored.Count.ShouldBe(32);
        model.Totals.PatrolShifts.ShouldBe(32);
        model.Totals.Participations.ShouldBe(stored.Sum(p => p.Participants));
        model.Totals.Participations.ShouldBe(Enumerable.Range(1, 32).Sum());
        model.Version.ShouldBe(33);
        responses.Select(r => r.Read<PatrolAccepted>().Result.ModelVersion).Order().ShouldBe(Enumerable.Range(2, 32).Select(v => (long)v));
    }
}
