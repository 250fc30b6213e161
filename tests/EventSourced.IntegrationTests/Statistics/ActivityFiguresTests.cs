using EventSourced.Api.Ledger;
using EventSourced.Api.Modules.Models;
using EventSourced.Api.Modules.Statistics;
using EventSourced.Api.Modules.Statistics.Measures;

namespace EventSourced.IntegrationTests.Statistics;

/// <summary>Activity over a window (rule 5), read from the activity rows the projection built: participations are
/// person-shifts; a window counts cases detected on or after its start and prosecuted on or before its end. Each test
/// writes its history in a unit of its own.</summary>
public class ActivityFiguresTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static readonly DateOnly From = new(2023, 4, 1);
    private static readonly DateOnly To = new(2023, 12, 25);
    private static readonly DateTimeOffset Recorded = new(2023, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    private static Fact Fact(FactKind kind, DateOnly on) => new()
    {
        Kind = kind,
        DistrictCode = "773",
        On = on,
        KnownSince = Recorded.AddDays(on.DayNumber - D(2023, 1, 1).DayNumber + 1),
    };

    private static Fact Shift(DateOnly on, int participants) => Fact(FactKind.Patrol, on) with { Shifts = 1, Participations = participants, Inspections = 1 };

    private static Fact Case(DateOnly detected, DateOnly? prosecuted) => Fact(FactKind.Case, detected) with
    {
        CasesDetected = 1,
        ProsecutedOn = prosecuted,
        ProsecutionKnownSince = prosecuted is { } p ? Recorded.AddDays(p.DayNumber - D(2023, 1, 1).DayNumber + 1) : null,
    };

    private async Task<ActivityFigures> Figures(string unit, IEnumerable<Fact> facts, DateTimeOffset? knownBefore = null)
    {
        await ActivityHistory.Append(api.Store, [.. facts.Select(f => f with { UnitCode = unit })]);
        await api.WaitForProjections();
        await using var session = api.Store.QuerySession();
        return (await ActivitySums.Of(session, unit, [new ActivityWindow(From, To, To)], knownBefore, CancellationToken.None))[0];
    }

    [Fact]
    public async Task Shifts_and_person_shifts_count_inside_the_window_only()
    {
        var figures = await Figures("10001",
            [Shift(D(2023, 3, 31), 9), Shift(D(2023, 4, 1), 7), Shift(D(2023, 12, 25), 6), Shift(D(2023, 12, 26), 5)]);

        figures.Shifts.Exact.ShouldBe(2);
        figures.Participations.Exact.ShouldBe(13);
        figures.Inspections.Exact.ShouldBe(2);
    }

    [Fact]
    public async Task A_case_counts_as_prosecuted_in_a_window_only_when_detected_and_prosecuted_within_it()
    {
        var figures = await Figures("10002",
        [
            Case(D(2023, 3, 20), D(2023, 5, 1)),   // detected before the window: no
            Case(D(2023, 5, 2), D(2023, 6, 1)),    // yes
            Case(D(2023, 11, 1), D(2024, 1, 10)),  // prosecuted after the window: no
            Case(D(2023, 11, 2), null),            // not prosecuted: no
        ]);

        figures.CasesProsecuted.Exact.ShouldBe(1);
        figures.CasesDetected.Exact.ShouldBe(3);
    }

    [Fact]
    public async Task A_prosecution_recorded_after_the_known_date_is_not_counted_as_known_then()
    {
        var knownBefore = new DateTimeOffset(2023, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var figures = await Figures("10003", [Case(D(2023, 5, 2), D(2023, 5, 20)) with { ProsecutionKnownSince = knownBefore.AddDays(3) }], knownBefore);

        figures.CasesDetected.Exact.ShouldBe(1);
        figures.CasesProsecuted.Exact.ShouldBe(0);
    }

    [Fact]
    public async Task Participations_are_shown_as_the_reviews_write_them()
    {
        var figures = await Figures("10004", Enumerable.Range(0, 236).Select(i => Shift(From.AddDays(i), i % 2 == 0 ? 7 : 6)));

        figures.Shifts.ShouldBe(new Figure(236, "hơn 230"));
        figures.Participations.Exact.ShouldBe(1534);
        figures.Participations.Display.ShouldBe("hơn 1.500");
    }

    [Fact]
    public async Task Sanctions_are_summed_by_kind()
    {
        var figures = await Figures("10005",
            [Fact(FactKind.Sanctions, D(2023, 6, 1)) with { Sanctions = new SanctionCounts(3, 1, 1) }, Shift(D(2023, 6, 2), 5) with { Sanctions = new SanctionCounts(1, 0, 0) }]);

        (figures.Sanctions.Exact, figures.Fines.Exact, figures.Warnings.Exact).ShouldBe((6L, 4L, 1L));
    }
}
