using EventSourced.Api.Modules.Models;
using EventSourced.Api.Modules.Statistics;

namespace EventSourced.Tests.Statistics;

/// <summary>Activity over a window (rule 5): participations are person-shifts; a window counts cases detected on or
/// after its start and prosecuted on or before its end.</summary>
public class UnitStatisticsTests
{
    private static readonly DateOnly From = new(2023, 4, 1);
    private static readonly DateOnly To = new(2023, 12, 25);
    private static readonly DateTimeOffset Recorded = new(2023, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    private static ActivityFact Fact(ActivityKind kind, DateOnly on) => new()
    {
        Id = Guid.NewGuid(),
        Kind = kind,
        ProvinceCode = "79",
        DistrictCode = "773",
        UnitCode = "27259",
        On = on,
        KnownSince = Recorded.AddDays(on.DayNumber - D(2023, 1, 1).DayNumber + 1),
    };

    private static ActivityFact Shift(DateOnly on, int participants) => Fact(ActivityKind.Patrol, on) with { Shifts = 1, Participations = participants, Inspections = 1 };

    private static ActivityFact Case(DateOnly detected, DateOnly? prosecuted) => Fact(ActivityKind.Case, detected) with
    {
        CasesDetected = 1,
        ProsecutedOn = prosecuted,
        ProsecutionKnownSince = prosecuted is { } p ? Recorded.AddDays(p.DayNumber - D(2023, 1, 1).DayNumber + 1) : null,
    };

    [Fact]
    public void Shifts_and_person_shifts_count_inside_the_window_only()
    {
        var figures = GetUnitStatisticsEndpoint.Compute(
            [Shift(D(2023, 3, 31), 9), Shift(D(2023, 4, 1), 7), Shift(D(2023, 12, 25), 6), Shift(D(2023, 12, 26), 5)], From, To, null);

        figures.Shifts.Exact.ShouldBe(2);
        figures.Participations.Exact.ShouldBe(13);
        figures.Inspections.Exact.ShouldBe(2);
    }

    [Fact]
    public void A_case_counts_as_prosecuted_in_a_window_only_when_detected_and_prosecuted_within_it()
    {
        var figures = GetUnitStatisticsEndpoint.Compute(
        [
            Case(D(2023, 3, 20), D(2023, 5, 1)),   // detected before the window: no
            Case(D(2023, 5, 2), D(2023, 6, 1)),    // yes
            Case(D(2023, 11, 1), D(2024, 1, 10)),  // prosecuted after the window: no
            Case(D(2023, 11, 2), null),            // not prosecuted: no
        ], From, To, null);

        figures.CasesProsecuted.Exact.ShouldBe(1);
        figures.CasesDetected.Exact.ShouldBe(3);
    }

    [Fact]
    public void A_prosecution_recorded_after_the_known_date_is_not_counted_as_known_then()
    {
        var knownBefore = new DateTimeOffset(2023, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var figures = GetUnitStatisticsEndpoint.Compute([Case(D(2023, 5, 2), D(2023, 5, 20)) with { ProsecutionKnownSince = knownBefore.AddDays(3) }],
            From, To, knownBefore);

        figures.CasesDetected.Exact.ShouldBe(1);
        figures.CasesProsecuted.Exact.ShouldBe(0);
    }

    [Fact]
    public void Participations_are_shown_as_the_reviews_write_them()
    {
        var figures = GetUnitStatisticsEndpoint.Compute(Enumerable.Range(0, 236).Select(i => Shift(From.AddDays(i), i % 2 == 0 ? 7 : 6)).ToList(), From, To, null);

        figures.Shifts.ShouldBe(new Api.Modules.Reference.Figure(236, "hơn 230"));
        figures.Participations.Exact.ShouldBe(1534);
        figures.Participations.Display.ShouldBe("hơn 1.500");
    }

    [Fact]
    public void Sanctions_are_summed_by_kind()
    {
        var figures = GetUnitStatisticsEndpoint.Compute(
            [Fact(ActivityKind.Sanctions, D(2023, 6, 1)) with { Sanctions = new SanctionCounts(3, 1, 1) }, Shift(D(2023, 6, 2), 5) with { Sanctions = new SanctionCounts(1, 0, 0) }],
            From, To, null);

        (figures.Sanctions.Exact, figures.Fines.Exact, figures.Warnings.Exact).ShouldBe((6L, 4L, 1L));
    }
}
