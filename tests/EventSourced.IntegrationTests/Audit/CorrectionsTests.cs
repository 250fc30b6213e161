using System.Net;
using System.Text.Json;
using EventSourced.Api.Infrastructure;
using EventSourced.Api.Ledger;
using EventSourced.Api.Modules.Models;

namespace EventSourced.IntegrationTests.Audit;

/// <summary>Issue 4, items 2 and 4: state as of a date and as known on a date; corrections and retractions.</summary>
public class CorrectionsTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static readonly Approver WardChief = new("Trần Văn Minh", "Trưởng Công an phường");
    private readonly HttpClient _recorder = api.CreateClient();
    private readonly HttpClient _auditor = api.ClientAs([Access.Auditor], "79");

    /// <summary>A model in Phường 09 with one evening shift of 7 on 2023-05-06; the shift's event id.</summary>
    private async Task<(Guid ModelId, Guid EventId)> ModelWithAShiftOfSeven()
    {
        var modelId = await _recorder.RegisteredModel(unit: "27262");
        await _recorder.RecordedPatrol(modelId, participants: 7, on: new DateOnly(2023, 5, 6));
        return (modelId, await EventIdOfShift(modelId));
    }

    private async Task<Guid> EventIdOfShift(Guid modelId)
    {
        await using var session = api.Store.QuerySession();
        return (await session.Events.FetchStreamAsync(modelId)).Single(e => e.Data is PatrolRecorded).Id;
    }

    private async Task<ActivityTotals> Totals(Guid modelId, string query = "") =>
        (await (await _recorder.GetAsync($"/api/v1/models/{modelId}{query}")).Read<SecurityModel>()).Totals;

    private async Task<int> Participations(string query)
    {
        await api.WaitForProjections();
        var statistics = JsonDocument.Parse(await _auditor.GetStringAsync($"/api/v1/units/27262/statistics?{query}")).RootElement;
        return statistics.GetProperty("figures").GetProperty("participations").GetProperty("exact").GetInt32();
    }

    private Task<HttpResponseMessage> Correct(Guid modelId, CorrectRecord command) => _recorder.PostJson($"/api/v1/models/{modelId}/corrections", command);

    [Fact]
    public async Task A_correction_keeps_the_original_and_changes_the_figures_from_its_own_date()
    {
        // Given
        var (modelId, shift) = await ModelWithAShiftOfSeven();
        var mayAsOfMay = await Participations("from=2023-05-01&to=2023-05-31");
        var mayAsOfJune = await Participations("from=2023-05-01&to=2023-05-31&asOf=2023-06-30");
        var mayToJune = await Participations("from=2023-05-01&to=2023-06-30");

        // When
        var response = await Correct(modelId, new CorrectRecord(shift, new DateOnly(2023, 6, 1), 9, null, null, null, "Nhập nhầm số người", WardChief));

        // Then
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var model = await (await _recorder.GetAsync($"/api/v1/models/{modelId}")).Read<SecurityModel>();
        model.Totals.Participations.ShouldBe(9);
        model.Amendments.Single().ShouldBe(new RecordAmendment(model.Amendments[0].RecordId, shift, AmendmentKind.Corrected, new DateOnly(2023, 6, 1),
            new RecordCounts(1, 9, 2, new SanctionCounts(1, 0, 0), 0), model.Amendments[0].FactId, "Nhập nhầm số người", WardChief));
        (await Totals(modelId, "?asOf=2023-05-31")).Participations.ShouldBe(7);
        (await Totals(modelId, "?asOf=2023-06-01")).Participations.ShouldBe(9);
        (await Totals(modelId, "?version=2")).Participations.ShouldBe(7);
        (await Participations("from=2023-05-01&to=2023-05-31")).ShouldBe(mayAsOfMay, "figures as of May 31 stand before the correction took effect");
        (await Participations("from=2023-05-01&to=2023-05-31&asOf=2023-06-30")).ShouldBe(mayAsOfJune + 2);
        (await Participations("from=2023-05-01&to=2023-06-30")).ShouldBe(mayToJune + 2);
        var history = JsonDocument.Parse(await _auditor.GetStringAsync("/api/v1/units/27262/history?types=patrol_recorded,record_corrected&limit=200")).RootElement
            .GetProperty("items").EnumerateArray().Where(i => i.GetProperty("streamId").GetGuid() == modelId).ToList();
        history.Select(i => i.GetProperty("type").GetString()).ShouldBe(["patrol_recorded", "record_corrected"]);
        history[0].GetProperty("data").GetProperty("participants").GetInt32().ShouldBe(7, "the original is kept as recorded");
        history[1].GetProperty("data").GetProperty("correctedEventId").GetGuid().ShouldBe(shift);
        history[1].GetProperty("businessTime").GetString().ShouldBe("2023-06-01");
        history[1].GetProperty("data").GetProperty("approver").GetProperty("name").GetString().ShouldBe("Trần Văn Minh");
    }

    [Fact]
    public async Task A_later_correction_does_not_change_what_was_known_before_it()
    {
        // Given: a model and a shift imported from the ward's paper register, reported in April and on 2023-05-07
        Guid modelId;
        await using (var session = api.Store.LightweightSession())
        {
            Reporting.ReportedAt(session, new DateTimeOffset(2023, 4, 2, 8, 0, 0, VietnamTime.Offset));
            var registered = await RegisterModelEndpoint.Post(RegisterModel.Example with { ProvinceCode = "79", UnitCode = "27262", LaunchDate = new DateOnly(2023, 4, 1) }, session, CancellationToken.None);
            modelId = ((Microsoft.AspNetCore.Http.HttpResults.Created<Recorded>)registered).Value!.Id;
            await session.SaveChangesAsync();
        }
        await using (var session = api.Store.LightweightSession())
        {
            Reporting.ReportedAt(session, new DateTimeOffset(2023, 5, 7, 8, 0, 0, VietnamTime.Offset));
            var start = new DateTimeOffset(2023, 5, 6, 19, 0, 0, VietnamTime.Offset);
            await RecordPatrolEndpoint.Post(modelId, RecordPatrol.Example with { ShiftStart = start, ShiftEnd = start.AddHours(4), Participants = 7 }, session, null, CancellationToken.None);
            await session.SaveChangesAsync();
        }
        var shift = await EventIdOfShift(modelId);
        var knownInMay = await Participations("from=2023-05-01&to=2023-12-31&knownAt=2023-05-31");
        var knownNow = await Participations("from=2023-05-01&to=2023-12-31");

        // When: corrected today, with effect from 2023-06-01
        (await Correct(modelId, new CorrectRecord(shift, new DateOnly(2023, 6, 1), 12, null, null, null, "Nhập nhầm số người", WardChief)))
            .StatusCode.ShouldBe(HttpStatusCode.Created);

        // Then
        (await Participations("from=2023-05-01&to=2023-12-31&knownAt=2023-05-31")).ShouldBe(knownInMay);
        (await Participations("from=2023-05-01&to=2023-12-31")).ShouldBe(knownNow + 5);
        (await Totals(modelId, "?knownAt=2023-05-31")).Participations.ShouldBe(7);
        (await Totals(modelId)).Participations.ShouldBe(12);
    }

    [Fact]
    public async Task A_retraction_withdraws_the_record_from_its_date_and_a_retracted_record_cannot_be_amended_again()
    {
        var (modelId, shift) = await ModelWithAShiftOfSeven();
        var before = await api.EventCount();

        var retracted = await _recorder.PostJson($"/api/v1/models/{modelId}/retractions", new RetractRecord(shift, new DateOnly(2023, 6, 1), "Nhập trùng", WardChief));

        retracted.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await Totals(modelId)).PatrolShifts.ShouldBe(0);
        (await Totals(modelId, "?asOf=2023-05-31")).PatrolShifts.ShouldBe(1);
        await (await _recorder.PostJson($"/api/v1/models/{modelId}/retractions", new RetractRecord(shift, new DateOnly(2023, 6, 2), "Lần nữa", WardChief))).ShouldBeProblem(409);
        await (await Correct(modelId, new CorrectRecord(shift, new DateOnly(2023, 6, 2), 9, null, null, null, "Sửa", WardChief))).ShouldBeProblem(409);
        (await api.EventCount()).ShouldBe(before + 1);
    }

    [Fact]
    public async Task A_second_correction_replaces_the_first_from_its_own_date()
    {
        var (modelId, shift) = await ModelWithAShiftOfSeven();
        var inJune = await Participations("from=2023-05-01&to=2023-05-31&asOf=2023-06-15");
        var inJuly = await Participations("from=2023-05-01&to=2023-05-31&asOf=2023-07-15");

        (await Correct(modelId, new CorrectRecord(shift, new DateOnly(2023, 6, 1), 9, null, null, null, "Sửa lần 1", WardChief))).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await Correct(modelId, new CorrectRecord(shift, new DateOnly(2023, 7, 1), 10, null, null, null, "Sửa lần 2", WardChief))).StatusCode.ShouldBe(HttpStatusCode.Created);

        (await Participations("from=2023-05-01&to=2023-05-31&asOf=2023-06-15")).ShouldBe(inJune + 2);
        (await Participations("from=2023-05-01&to=2023-05-31&asOf=2023-07-15")).ShouldBe(inJuly + 3);
        (await Totals(modelId)).Participations.ShouldBe(10);
        await (await Correct(modelId, new CorrectRecord(shift, new DateOnly(2023, 6, 15), 11, null, null, null, "Lùi ngày", WardChief)))
            .ShouldBeProblem(422);
    }

    [Fact]
    public async Task Bad_amendments_get_the_field_at_fault_and_nothing_is_appended()
    {
        var (modelId, shift) = await ModelWithAShiftOfSeven();
        var other = await _recorder.RegisteredModel(unit: "27262");
        var registration = (await api.Store.QuerySession().Events.FetchStreamAsync(modelId))[0].Id;
        var good = new CorrectRecord(shift, new DateOnly(2023, 6, 1), 9, null, null, null, "Nhập nhầm", WardChief);
        var before = await api.EventCount();

        (await (await Correct(other, good)).ShouldBeProblem(422)).GetProperty("field").GetString().ShouldBe("eventId");
        (await (await Correct(modelId, good with { EventId = registration })).ShouldBeProblem(422)).GetProperty("field").GetString().ShouldBe("eventId");
        (await (await Correct(modelId, good with { CorrectedOn = new DateOnly(2023, 5, 1) })).ShouldBeProblem(422)).GetProperty("field").GetString().ShouldBe("correctedOn");
        (await (await Correct(modelId, good with { Participants = 7 })).ShouldBeProblem(422)).GetProperty("detail").GetString()!.ShouldContain("nothing to correct");
        (await (await Correct(modelId, good with { Participants = null })).ShouldBeProblem(400)).Fields().ShouldBe(["participants"]);
        (await (await Correct(modelId, good with { Participants = 0 })).ShouldBeProblem(400)).Fields().ShouldBe(["participants"]);
        (await (await Correct(modelId, good with { Reason = " " })).ShouldBeProblem(400)).Fields().ShouldBe(["reason"]);
        (await (await Correct(modelId, good with { Approver = WardChief with { Name = "" } })).ShouldBeProblem(400)).Fields().ShouldBe(["approver.name"]);
        (await (await Correct(modelId, good with { CorrectedOn = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(10) })).ShouldBeProblem(400)).Fields().ShouldBe(["correctedOn"]);
        await (await api.ClientAs([Access.Recorder], "27259").PostJson($"/api/v1/models/{modelId}/corrections", good)).ShouldBeProblem(403);
        await (await api.ClientAs([Access.Analyst], Jurisdiction.National).PostJson($"/api/v1/models/{modelId}/corrections", good)).ShouldBeProblem(403);
        (await api.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task Asking_a_model_as_of_a_bad_date_or_version_gets_the_field_at_fault()
    {
        var (modelId, _) = await ModelWithAShiftOfSeven();

        (await (await _recorder.GetAsync($"/api/v1/models/{modelId}?asOf=2023-02-30")).ShouldBeProblem(400)).Fields().ShouldBe(["asOf"]);
        (await (await _recorder.GetAsync($"/api/v1/models/{modelId}?knownAt=yesterday")).ShouldBeProblem(400)).Fields().ShouldBe(["knownAt"]);
        (await (await _recorder.GetAsync($"/api/v1/models/{modelId}?version=0")).ShouldBeProblem(400)).Fields().ShouldBe(["version"]);
        await (await _recorder.GetAsync($"/api/v1/models/{Guid.NewGuid()}?version=1")).ShouldBeProblem(404);
        await (await _recorder.GetAsync($"/api/v1/models/{modelId}?knownAt=2020-01-01")).ShouldBeProblem(404);
    }
}
