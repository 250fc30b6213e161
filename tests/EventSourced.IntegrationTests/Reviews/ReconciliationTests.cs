using System.Net;
using EventSourced.Api.Infrastructure;
using EventSourced.Api.Ledger;
using EventSourced.Api.Modules.Catalogues;
using EventSourced.Api.Modules.Models;
using EventSourced.Api.Modules.Reviews;
using EventSourced.Api.Modules.Statistics.Measures;

namespace EventSourced.IntegrationTests.Reviews;

public class ReconciliationTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task Every_reported_figure_is_shown_beside_the_value_computed_at_the_conference_date()
    {
        // Given: two Hà Nội models (one effective), three Quận 4 shifts, one police catalogue type.
        var effective = await _client.RegisteredModel(province: "01", unit: "00004", type: "security-order-self-management", launch: new DateOnly(2015, 1, 1));
        await _client.RegisteredModel(province: "01", unit: "00006", type: "security-order-self-management", launch: new DateOnly(2016, 1, 1));
        await _client.PostJson($"/api/v1/models/{effective}/assessments", AssessModel.Example);
        var team = await _client.RegisteredModel(unit: "27259", launch: new DateOnly(2023, 4, 1));
        foreach (var day in new[] { 6, 13, 20 })
        {
            await _client.RecordedPatrol(team, participants: 7, on: new DateOnly(2023, 5, day));
        }
        await _client.PostJson("/api/v1/provinces/79/catalogue", AddCatalogueType.Example);
        var today = VietnamTime.Today(TimeProvider.System);
        var conference = new RecordReviewConference("Hội nghị kiểm thử đối chiếu số liệu", ReviewKind.Thematic, today, null,
        [
            new("A", "2 mô hình", Measure.ModelsLaunched, 2, Qualifier.Exact, "01", new DateOnly(2013, 1, 1), null, null, null),
            new("B", "2 mô hình hiệu quả", Measure.ModelsEffective, 2, Qualifier.Exact, "01", new DateOnly(2013, 1, 1), null, null, null),
            new("C", "tại 2 xã, phường", Measure.Coverage, 2, Qualifier.Exact, "01", null, null, "security-order-self-management", null),
            new("D", "hơn 2 ca tuần tra", Measure.Shifts, 2, Qualifier.MoreThan, "773", new DateOnly(2023, 4, 1), new DateOnly(2023, 12, 25), null, null),
            new("E", "hơn 20 lượt người tham gia", Measure.Participations, 20, Qualifier.MoreThan, "773", new DateOnly(2023, 4, 1), new DateOnly(2023, 12, 25), null, null),
            new("F", "Công an duy trì 1 mô hình", Measure.CatalogueTypes, 1, Qualifier.Exact, "79", null, null, null, ProgramParty.Police),
        ]);

        // When
        var recorded = await _client.PostJson("/api/v1/reviews", conference);
        await api.WaitForProjections();
        var reconciliation = await (await _client.GetAsync(recorded.Headers.Location)).Read<Reconciliation>();

        // Then
        recorded.StatusCode.ShouldBe(HttpStatusCode.Created);
        reconciliation.Figures.Select(f => (f.Key, f.Computed.Exact, f.Status)).ShouldBe([
            ("A", 2L, ReconciliationStatus.Match),
            ("B", 1L, ReconciliationStatus.Different),
            ("C", 2L, ReconciliationStatus.Match),
            ("D", 3L, ReconciliationStatus.Match),
            ("E", 21L, ReconciliationStatus.Match),
            ("F", 1L, ReconciliationStatus.Match),
        ]);
        reconciliation.Figures.Single(f => f.Key == "B").Difference.ShouldBe(-1);
        (reconciliation.Matches, reconciliation.Differences).ShouldBe((5, 1));
        reconciliation.Freshness.ShouldAllBe(f => f.IsCurrent);
    }

    [Fact]
    public async Task A_conference_reconciles_only_what_was_known_on_its_date()
    {
        // Given: a model recorded now; a conference held yesterday could not have known it.
        await _client.RegisteredModel(province: "92", unit: "31117", launch: new DateOnly(2015, 1, 1));
        var yesterday = VietnamTime.Today(TimeProvider.System).AddDays(-1);
        var conference = new RecordReviewConference("Hội nghị hôm qua", ReviewKind.Interim, yesterday, null,
            [new("A", "0 mô hình", Measure.ModelsLaunched, 0, Qualifier.Exact, "92", null, null, null, null)]);

        // When
        var recorded = await _client.PostJson("/api/v1/reviews", conference);
        await api.WaitForProjections();
        var reconciliation = await (await _client.GetAsync(recorded.Headers.Location)).Read<Reconciliation>();

        // Then
        reconciliation.Figures.Single().Status.ShouldBe(ReconciliationStatus.Match);
    }

    [Fact]
    public async Task Recording_the_same_conference_again_answers_200_and_appends_nothing()
    {
        await _client.PostJson("/api/v1/reviews", RecordReviewConference.Example);
        var before = await api.EventCount();

        var again = await _client.PostJson("/api/v1/reviews", RecordReviewConference.Example);

        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await again.Read<Recorded>()).Id.ShouldBe(ReviewIds.For(RecordReviewConference.Example.Title, RecordReviewConference.Example.HeldOn));
        (await api.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task An_unknown_conference_answers_404()
    {
        await (await _client.GetAsync($"/api/v1/reviews/{Guid.CreateVersion7()}/reconciliation")).ShouldBeProblem(404);
    }
}
