using EventSourced.Api.Ledger;
using EventSourced.Api.Modules.Models;

namespace EventSourced.Api.Modules.Statistics.Measures;

/// <summary>A fact with both clocks: when it happened and when the ledger learned it (rule 9).</summary>
/// <param name="On">Business date.</param>
/// <param name="RecordedAt">When it was recorded (the <c>reported-at</c> header, else the event's timestamp).</param>
public sealed record TimedFact(DateOnly On, DateTimeOffset RecordedAt);

/// <summary>An assessment with both clocks.</summary>
public sealed record TimedAssessment(DateOnly On, DateTimeOffset RecordedAt, AssessmentRating Rating);

/// <summary>Where a model or catalogue entry stands on a business date as known on a recorded day.</summary>
public enum Standing
{
    /// <summary>Started (launched, added) and not ended; its latest known assessment does not say EFFECTIVE.</summary>
    Live,
    /// <summary>Started, not ended, and its latest known assessment on or before the date says EFFECTIVE (rule 3).</summary>
    Effective,
    /// <summary>Ended (discontinued, removed) on or before the date, as known then.</summary>
    Ended,
}

/// <summary>
/// One rectangle of the two clocks over which a model or entry stands the same way: business dates
/// [<paramref name="ValidFrom"/>, <paramref name="ValidTo"/>) as known on recorded days [<paramref name="KnownFrom"/>,
/// <paramref name="KnownTo"/>). <see cref="StandingRule.Open"/> ends an interval that has not ended.
/// </summary>
public sealed record StandingInterval(DateOnly ValidFrom, DateOnly ValidTo, DateOnly KnownFrom, DateOnly KnownTo, Standing Standing);

/// <summary>
/// Rules 3, 4 and 9, once: where a thing with a start, dated assessments and an end stands on any business date as
/// known on any recorded day. The model and catalogue read models store its intervals as rows, and every figure
/// counts the rows that hold the point (as-of date, known-at day): "effective on D as known on K" is a range
/// predicate, never a replay.
/// </summary>
public static class StandingRule
{
    /// <summary>The end of an interval that has not ended (Npgsql writes it as PostgreSQL's <c>infinity</c>).</summary>
    public static readonly DateOnly Open = DateOnly.MaxValue;

    /// <summary>Rule 9's second clock at day grain: a fact is known on day K when recorded before the end of K in
    /// Vietnam (Dates.KnownBefore), that is, when its recorded day is K or earlier.</summary>
    public static DateOnly RecordedDay(DateTimeOffset recordedAt) => VietnamTime.DateOf(recordedAt);

    /// <summary>The known-at day of a query: the day given, or, without one, a day after everything recorded.</summary>
    public static DateOnly KnownDay(DateOnly? knownAt) => knownAt ?? Infrastructure.Dates.LatestQueryDate;

    /// <summary>
    /// Where it stands on <paramref name="asOf"/> as known on <paramref name="knownOn"/>; null when it had not started
    /// then, or its start was not known. Ended: its end is dated on or before the date and known. Effective: of the
    /// assessments dated on or before the date and known, the latest says EFFECTIVE; of two on one day, the one
    /// recorded later counts.
    /// </summary>
    public static Standing? At(TimedFact start, IReadOnlyList<TimedAssessment> assessments, TimedFact? end, DateOnly asOf, DateOnly knownOn)
    {
        bool Known(DateTimeOffset recordedAt) => RecordedDay(recordedAt) <= knownOn;
        if (start.On > asOf || !Known(start.RecordedAt))
        {
            return null;
        }
        if (end is { } e && e.On <= asOf && Known(e.RecordedAt))
        {
            return Standing.Ended;
        }
        var latest = assessments.Where(a => a.On <= asOf && Known(a.RecordedAt)).OrderBy(a => a.On).ThenBy(a => a.RecordedAt).LastOrDefault();
        return latest is { Rating: AssessmentRating.Effective } ? Standing.Effective : Standing.Live;
    }

    /// <summary>
    /// The whole picture as rectangles that do not overlap: at any point (as-of date, known-at day) at most one holds,
    /// and it says what <see cref="At"/> says there; where none holds, it had not started or was not known. Standing only
    /// changes on a fact's business date or recorded day, so the grid of those dates is evaluated once per cell, then
    /// cells are merged: first along the recorded days, then across business dates where the same run continues.
    /// </summary>
    public static IReadOnlyList<StandingInterval> Intervals(TimedFact start, IReadOnlyList<TimedAssessment> assessments, TimedFact? end)
    {
        var facts = assessments.Select(a => (a.On, a.RecordedAt)).Append((start.On, start.RecordedAt));
        if (end is { } e)
        {
            facts = facts.Append((e.On, e.RecordedAt));
        }
        var business = facts.Select(f => f.On).Where(d => d >= start.On).Distinct().Order().ToList();
        var recorded = facts.Select(f => RecordedDay(f.RecordedAt)).Distinct().Order().ToList();
        DateOnly Next(List<DateOnly> edges, int i) => i + 1 < edges.Count ? edges[i + 1] : Open;

        var intervals = new List<StandingInterval>();
        var open = new List<StandingInterval>();
        for (var b = 0; b < business.Count; b++)
        {
            // This business column's runs along the recorded days.
            var runs = new List<(DateOnly From, DateOnly To, Standing Standing)>();
            for (var k = 0; k < recorded.Count; k++)
            {
                if (At(start, assessments, end, business[b], recorded[k]) is not { } standing)
                {
                    continue;
                }
                if (runs.Count > 0 && runs[^1].To == recorded[k] && runs[^1].Standing == standing)
                {
                    runs[^1] = runs[^1] with { To = Next(recorded, k) };
                }
                else
                {
                    runs.Add((recorded[k], Next(recorded, k), standing));
                }
            }
            // A run the previous column also had widens its rectangle; the others close or open.
            var continued = new List<StandingInterval>();
            foreach (var run in runs)
            {
                var same = open.FirstOrDefault(o => o.KnownFrom == run.From && o.KnownTo == run.To && o.Standing == run.Standing);
                if (same is not null)
                {
                    open.Remove(same);
                    continued.Add(same with { ValidTo = Next(business, b) });
                }
                else
                {
                    continued.Add(new StandingInterval(business[b], Next(business, b), run.From, run.To, run.Standing));
                }
            }
            intervals.AddRange(open);
            open = continued;
        }
        intervals.AddRange(open);
        return [.. intervals.OrderBy(i => i.KnownFrom).ThenBy(i => i.ValidFrom)];
    }
}

/// <summary>
/// How the state tables (model_states, catalogue_states) take a thing's intervals: as five arrays unnested into
/// <c>r(valid_from, valid_to, known_from, known_to, status)</c>, so each thing's rows are one insert.
/// </summary>
public static class StateRows
{
    public const string Unnest =
        "unnest(?::date[], ?::date[], ?::date[], ?::date[], ?::text[]) as r(valid_from, valid_to, known_from, known_to, status)";

    /// <summary>The parameters for <see cref="Unnest"/>, in its order.</summary>
    public static object[] Parameters(IReadOnlyList<(DateOnly ValidFrom, DateOnly ValidTo, DateOnly KnownFrom, DateOnly KnownTo, string Status)> rows) =>
    [
        rows.Select(r => r.ValidFrom).ToArray(), rows.Select(r => r.ValidTo).ToArray(),
        rows.Select(r => r.KnownFrom).ToArray(), rows.Select(r => r.KnownTo).ToArray(),
        rows.Select(r => r.Status).ToArray(),
    ];
}
