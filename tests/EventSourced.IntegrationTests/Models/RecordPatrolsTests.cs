using System.Net;
using EventSourced.Api.Ledger;
using EventSourced.Api.Modules.Models;

namespace EventSourced.IntegrationTests.Models;

public class RecordPatrolsTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    private static RecordPatrol ShiftOn(DateOnly day, int participants = 7)
    {
        var start = new DateTimeOffset(day.ToDateTime(new TimeOnly(19, 0)), VietnamTime.Offset);
        return RecordPatrol.Example with { ShiftStart = start, ShiftEnd = start.AddHours(4), Participants = participants };
    }

    private async Task<SecurityModel> Model(Guid id) => await (await _client.GetAsync($"/api/v1/models/{id}")).Read<SecurityModel>();

    [Fact]
    public async Task A_months_register_of_shifts_is_recorded_in_one_write_with_an_id_per_shift()
    {
        var modelId = await _client.RegisteredModel();
        var shifts = Enumerable.Range(1, 30).Select(d => ShiftOn(new DateOnly(2023, 6, d), participants: 5)).ToList();

        var response = await _client.PostJson($"/api/v1/models/{modelId}/patrols/batch", new RecordPatrols(shifts));

        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var accepted = await response.Read<PatrolsAccepted>();
        accepted.PatrolIds.Distinct().Count().ShouldBe(30);
        accepted.ModelVersion.ShouldBe(31);
        var model = await Model(modelId);
        (model.Totals.PatrolShifts, model.Totals.Participations).ShouldBe((30, 150));
    }

    [Fact]
    public async Task Shifts_across_the_2025_reform_are_each_placed_in_the_ward_of_their_own_date()
    {
        var modelId = await _client.RegisteredModel(unit: "27259", launch: new DateOnly(2023, 4, 1));

        await _client.PostJson($"/api/v1/models/{modelId}/patrols/batch", new RecordPatrols([ShiftOn(new DateOnly(2025, 6, 30)), ShiftOn(new DateOnly(2025, 7, 2))]));

        await using var session = api.Store.QuerySession();
        var units = (await session.Events.FetchStreamAsync(modelId)).Select(e => e.Data).OfType<PatrolRecorded>().Select(p => p.Unit.Name).ToList();
        units.ShouldBe(["Phường 13", "Phường Xóm Chiếu"]);
    }

    [Fact]
    public async Task One_bad_shift_refuses_the_whole_batch_naming_the_shift_and_nothing_is_appended()
    {
        var modelId = await _client.RegisteredModel(launch: new DateOnly(2023, 4, 1));
        var good = ShiftOn(new DateOnly(2023, 6, 1));
        var before = await api.EventCount();

        var endsBeforeStart = await _client.PostJson($"/api/v1/models/{modelId}/patrols/batch",
            new RecordPatrols([good, good with { ShiftEnd = good.ShiftStart.AddHours(-1) }]));
        var beforeLaunch = await _client.PostJson($"/api/v1/models/{modelId}/patrols/batch",
            new RecordPatrols([good, good, ShiftOn(new DateOnly(2023, 3, 1))]));
        var tooMany = await _client.PostJson($"/api/v1/models/{modelId}/patrols/batch",
            new RecordPatrols(Enumerable.Repeat(good, RecordPatrols.MaxShifts + 1).ToList()));
        var none = await _client.PostJson($"/api/v1/models/{modelId}/patrols/batch", new RecordPatrols([]));

        (await endsBeforeStart.ShouldBeProblem(400)).Fields().ShouldBe(["shifts[1].shiftEnd"]);
        (await beforeLaunch.ShouldBeProblem(422)).GetProperty("field").GetString().ShouldBe("shifts[2].shiftStart");
        (await tooMany.ShouldBeProblem(400)).Fields().ShouldBe(["shifts"]);
        (await none.ShouldBeProblem(400)).Fields().ShouldBe(["shifts"]);
        (await api.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task A_shift_after_the_models_ward_was_split_refuses_the_whole_batch_naming_that_shift()
    {
        // Given
        var modelId = await _client.RegisteredModel(unit: "27295", launch: new DateOnly(2025, 2, 1));
        var before = await api.EventCount();

        // When
        var response = await _client.PostJson($"/api/v1/models/{modelId}/patrols/batch",
            new RecordPatrols([ShiftOn(new DateOnly(2025, 6, 1)), ShiftOn(new DateOnly(2025, 8, 2))]));

        // Then
        var problem = await response.ShouldBeProblem(422);
        problem.GetProperty("field").GetString().ShouldBe("shifts[1].shiftStart");
        problem.GetProperty("detail").GetString()!.ShouldContain("was split by a reform before 2025-08-02");
        (await api.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task A_query_value_that_does_not_parse_is_a_400_naming_the_parameter()
    {
        var response = await _client.GetAsync("/api/v1/models?province=79&limit=abc");

        var problem = await response.ShouldBeProblem(400);
        problem.GetProperty("parameter").GetString().ShouldBe("limit");
        problem.GetProperty("detail").GetString()!.ShouldContain("'abc'");
    }
}
