using EventSourced.Api.Infrastructure;
using EventSourced.Api.Ledger;
using EventSourced.Api.Modules.Catalogues;
using EventSourced.Api.Modules.Models;
using EventSourced.Api.Modules.Reference;
using EventSourced.Api.Modules.Statistics;

namespace EventSourced.IntegrationTests.Statistics;

/// <summary>
/// The figures of a generated history computed the plain way, straight from DESIGN.md's rules over the generated
/// facts: no read model, no SQL, nothing shared with the service but the response records and the display helper.
/// </summary>
public static class ReferenceFigures
{
    /// <summary>What a record counts as of <paramref name="asOf"/>, as known by <paramref name="knownAt"/>: nothing if it
    /// was not known; else the counts of its latest amendment in force (business date on or before the as-of date,
    /// known), or its own; a retraction counts nothing.</summary>
    public static Tally Standing(Activity a, DateOnly asOf, DateOnly? knownAt)
    {
        if (!a.Reported.KnownBy(knownAt))
        {
            return Tally.Zero;
        }
        var inForce = a.Amendments.LastOrDefault(m => m.On <= asOf && m.Reported.KnownBy(knownAt));
        return inForce is null ? a.Counts : inForce.Now ?? Tally.Zero;
    }

    /// <summary>Activity dated in the window, standing on the as-of date; cases prosecuted by rule 5 (detected from the
    /// window's start, prosecuted by its end, both known).</summary>
    public static ActivityFigures Activity(IEnumerable<Activity> activities, DateOnly from, DateOnly to, DateOnly asOf, DateOnly? knownAt)
    {
        var list = activities.ToList();
        var sum = list.Where(a => a.On >= from && a.On <= to).Aggregate(Tally.Zero, (t, a) => t.Add(Standing(a, asOf, knownAt)));
        var prosecuted = list.Count(a => a.IsCase && a.On >= from && a.Reported.KnownBy(knownAt)
            && a.Prosecution is { } p && p.On <= to && p.Reported.KnownBy(knownAt));
        return new ActivityFigures(
            Figure.Of(sum.Shifts), Figure.Of(sum.Participations), Figure.Of(sum.Inspections),
            Figure.Of(sum.Fines + sum.Warnings + sum.OtherSanctions), Figure.Of(sum.Fines), Figure.Of(sum.Warnings),
            Figure.Of(sum.CasesDetected), Figure.Of(prosecuted), Figure.Of(sum.CamerasInstalled), Figure.Of(sum.RecordersInstalled),
            Figure.Of(sum.CamerasDecommissioned), Figure.Of(sum.RecordersDecommissioned));
    }

    /// <summary>A 2-digit code is the province, 3 the district as it stood on the activity's date, 5 the commune-level
    /// code as it stood then.</summary>
    public static bool At(UnitSnapshot unit, string code) => code.Length switch
    {
        2 => unit.ProvinceCode == code,
        3 => unit.DistrictCode == code,
        _ => unit.Code == code,
    };

    public static UnitStatistics Unit(History h, string code, DateOnly from, DateOnly to, DateOnly? asOf, DateOnly? knownAt, string? type) =>
        new(code, from, to, knownAt, type,
            Activity(h.Activities.Where(a => At(a.Unit, code) && (type is null || a.ModelType == type)), from, to, asOf ?? to, knownAt), null, null!);

    /// <summary>
    /// Restated onto the unit bearing <paramref name="code"/> today: every earlier version whose territory reached it
    /// (through predecessor links), wholly when every way out of it ends in today's unit. Null when no unit bears the
    /// code today.
    /// </summary>
    public static UnitStatistics? Restated(
        History h, string code, DateOnly today, DateOnly from, DateOnly to, DateOnly? asOf, DateOnly? knownAt, string? type)
    {
        if (h.Units.SingleOrDefault(u => u.Code == code && u.InForceOn(today)) is not { } onto)
        {
            return null;
        }
        var ancestry = new HashSet<UnitVersion> { onto };
        for (var frontier = new List<UnitVersion> { onto }; frontier.Count > 0;)
        {
            frontier = [.. frontier.SelectMany(u => u.Predecessors.Select(p => p.Unit)).Where(ancestry.Add)];
        }
        bool Wholly(UnitVersion u) => u == onto || (u.Successors.Count > 0 && u.Successors.All(s => ancestry.Contains(s.Unit) && Wholly(s.Unit)));
        var wholly = ancestry.Where(Wholly).ToList();
        var partly = ancestry.Except(wholly).ToList();
        IEnumerable<Activity> In(IEnumerable<UnitVersion> units) =>
            h.Activities.Where(a => units.Any(u => u.Id == a.Unit.UnitVersionId) && (type is null || a.ModelType == type));
        return new UnitStatistics(code, from, to, knownAt, type,
            Activity(In(wholly), from, to, asOf ?? to, knownAt),
            new Restatement(onto.Snapshot(), [.. wholly.Select(u => u.Label).Order(StringComparer.Ordinal)], [.. partly.Select(u => u.Label).Order(StringComparer.Ordinal)],
                Activity(In(partly), from, to, asOf ?? to, knownAt)),
            null!);
    }

    // Models (rules 2–4 under rule 9).

    public static bool LaunchedBy(Model m, DateOnly asOf, DateOnly? knownAt) => m.Launch <= asOf && m.Reported.KnownBy(knownAt);

    public static bool DiscontinuedBy(Model m, DateOnly asOf, DateOnly? knownAt) =>
        m.Discontinued is { } d && d.On <= asOf && d.Reported.KnownBy(knownAt);

    public static bool LiveOn(Model m, DateOnly asOf, DateOnly? knownAt) => LaunchedBy(m, asOf, knownAt) && !DiscontinuedBy(m, asOf, knownAt);

    /// <summary>The latest of the assessments dated on or before the date and known (two on a day: the one reported later).</summary>
    private static AssessmentRating? Latest(IEnumerable<(DateOnly On, Reported Reported, AssessmentRating Rating)> assessments, DateOnly asOf, DateOnly? knownAt) =>
        assessments.Where(a => a.On <= asOf && a.Reported.KnownBy(knownAt))
            .OrderBy(a => a.On).ThenBy(a => a.Reported.At ?? DateTimeOffset.MaxValue)
            .Select(a => (AssessmentRating?)a.Rating).LastOrDefault();

    public static bool EffectiveOn(Model m, DateOnly asOf, DateOnly? knownAt) =>
        LiveOn(m, asOf, knownAt) && Latest(m.Assessments, asOf, knownAt) == AssessmentRating.Effective;

    /// <summary>Rule 4: distinct commune-level unit versions (as registered) with a live instance of the type.</summary>
    public static long Coverage(History h, string type, DateOnly asOf, DateOnly? knownAt) =>
        h.Models.Where(m => m.Type == type && LiveOn(m, asOf, knownAt)).Select(m => m.Home.Id).Distinct().LongCount();

    private static IEnumerable<string> TypesOf(History h) => h.Models.Select(m => m.Type).Distinct().Order(StringComparer.Ordinal);

    public static ProvinceModelFigures ModelFigures(History h, DateOnly? from, DateOnly asOf, DateOnly? knownAt)
    {
        var launched = h.Models.Where(m => LaunchedBy(m, asOf, knownAt) && (from is null || m.Launch >= from)).ToList();
        var byType = TypesOf(h)
            .Select(t => new ModelTypeFigures(t, Figure.Of(launched.Count(m => m.Type == t)),
                Figure.Of(launched.Count(m => m.Type == t && EffectiveOn(m, asOf, knownAt))), Figure.Of(Coverage(h, t, asOf, knownAt))))
            .Where(t => t.Launched.Exact > 0 || t.Coverage.Exact > 0).ToList();
        return new ProvinceModelFigures(h.Province, from, asOf, knownAt, Figure.Of(launched.Count),
            Figure.Of(launched.Count(m => EffectiveOn(m, asOf, knownAt))), byType, null!);
    }

    public static ModelCounts Models(History h, DateOnly asOf, DateOnly? knownAt)
    {
        var launched = h.Models.Where(m => LaunchedBy(m, asOf, knownAt)).ToList();
        return new ModelCounts(
            Figure.Of(launched.Count), Figure.Of(launched.Count(m => DiscontinuedBy(m, asOf, knownAt))),
            Figure.Of(launched.Count(m => EffectiveOn(m, asOf, knownAt))),
            Figure.CountBy(launched, m => ApiNames.Of(m.Kind)), Figure.CountBy(launched, m => m.Type),
            Figure.CountBy(launched, m => ApiNames.Of(m.Lead)),
            TypesOf(h).Select(t => (t, Coverage(h, t, asOf, knownAt))).Where(c => c.Item2 > 0).ToDictionary(c => c.t, c => Figure.Of(c.Item2)));
    }

    // The catalogue (rule 2).

    public static bool InCatalogueOn(CatalogueType e, DateOnly asOf, DateOnly? knownAt) =>
        e.AddedOn <= asOf && e.Added.KnownBy(knownAt) && !(e.Removed is { } r && r.On <= asOf && r.Reported.KnownBy(knownAt));

    public static bool EffectiveOn(CatalogueType e, DateOnly asOf, DateOnly? knownAt) =>
        InCatalogueOn(e, asOf, knownAt) && Latest(e.Assessments, asOf, knownAt) == AssessmentRating.Effective;

    /// <summary>Police, the Fatherland Front and its member organisations, and the rest (People's Committees).</summary>
    public static ProgramParty Party(Organisation maintainer) => maintainer switch
    {
        Organisation.Police => ProgramParty.Police,
        Organisation.PeoplesCommittee => ProgramParty.Other,
        _ => ProgramParty.FatherlandFrontAndMembers,
    };

    public static CatalogueSummary Catalogue(History h, DateOnly asOf, DateOnly? knownAt)
    {
        var entries = h.Catalogue.Where(e => InCatalogueOn(e, asOf, knownAt)).ToList();
        List<CatalogueCount> By(Func<CatalogueType, string> key) => [.. entries.GroupBy(key).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new CatalogueCount(g.Key, Figure.Of(g.Count()), Figure.Of(g.Count(e => EffectiveOn(e, asOf, knownAt)))))];
        return new CatalogueSummary(Figure.Of(entries.Count), Figure.Of(entries.Count(e => EffectiveOn(e, asOf, knownAt))),
            By(e => ApiNames.Of(Party(e.Maintainer))), By(e => ApiNames.Of(e.Maintainer)));
    }

    // Commendations (rule 7) and the province and program figures.

    public static (Dictionary<string, Figure> ByForm, Dictionary<string, Figure> ByIssuer) Commendations(
        History h, DateOnly from, DateOnly to, string? programId, DateOnly? knownAt)
    {
        var decided = h.Commendations.Where(c => c.On >= from && c.On <= to && c.Reported.KnownBy(knownAt) && (programId is null || c.ProgramId == programId)).ToList();
        return (Figure.CountBy(decided, c => ApiNames.Of(c.Form)), Figure.CountBy(decided, c => ApiNames.Of(c.Issuer)));
    }

    public static ProvinceStatistics Province(History h, DateOnly asOf, DateOnly? knownAt, DateOnly? monthsFrom)
    {
        var activity = Activity(h.Activities, DateOnly.MinValue, asOf, asOf, knownAt);
        var months = new List<MonthlyActivity>();
        var first = monthsFrom ?? new DateOnly(asOf.Year, asOf.Month, 1).AddMonths(-11);
        for (var month = new DateOnly(first.Year, first.Month, 1); month <= asOf; month = month.AddMonths(1))
        {
            var (start, end) = (month < first ? first : month, month.AddMonths(1).AddDays(-1) > asOf ? asOf : month.AddMonths(1).AddDays(-1));
            var m = Activity(h.Activities, start, end, asOf, knownAt);
            months.Add(new MonthlyActivity($"{month:yyyy-MM}", m.Shifts, m.Participations, m.Inspections, m.Sanctions, m.CasesDetected));
        }
        var (byForm, byIssuer) = Commendations(h, DateOnly.MinValue, asOf, null, knownAt);
        return new ProvinceStatistics(h.Province, asOf, knownAt, Models(h, asOf, knownAt), Catalogue(h, asOf, knownAt), activity, months,
            Figure.Of(activity.CamerasInstalled.Exact - activity.CamerasDecommissioned.Exact),
            Figure.Of(activity.RecordersInstalled.Exact - activity.RecordersDecommissioned.Exact), byForm, byIssuer, []);
    }

    /// <summary>The program national-2023-2033 (2023-01-01 to 2033-12-31) in the history's province: each year up to the
    /// as-of date and the whole period.</summary>
    public static (IReadOnlyList<ProgramPeriodFigures> Years, ProgramPeriodFigures Whole) Program(History h, DateOnly asOf, DateOnly? knownAt)
    {
        var (programFrom, programTo) = (History.ProgramFrom, new DateOnly(2033, 12, 31));
        var end = asOf < programTo ? asOf : programTo;
        ProgramPeriodFigures Period(string label, DateOnly from, DateOnly to)
        {
            var launched = h.Models.Where(m => LaunchedBy(m, to, knownAt) && m.Launch >= from).ToList();
            var coverage = TypesOf(h).Select(t => (Type: t, Launched: launched.Count(m => m.Type == t), Coverage: Coverage(h, t, to, knownAt)))
                .Where(t => t.Launched > 0 || t.Coverage > 0).ToDictionary(t => t.Type, t => Figure.Of(t.Coverage));
            var effective = h.Models.Count(m => m.Launch >= programFrom && LaunchedBy(m, to, knownAt) && EffectiveOn(m, to, knownAt));
            var (byForm, byIssuer) = Commendations(h, from, to, History.ProgramId, knownAt);
            return new ProgramPeriodFigures(label, from, to, Figure.Of(launched.Count), Figure.Of(launched.Count(m => m.ReplicatedFrom is not null)),
                Figure.Of(effective), coverage, Activity(h.Activities, from, to, to, knownAt), byForm, byIssuer);
        }
        var years = Enumerable.Range(programFrom.Year, end.Year - programFrom.Year + 1).Select(y =>
        {
            var (from, to) = (new DateOnly(y, 1, 1) < programFrom ? programFrom : new DateOnly(y, 1, 1), new DateOnly(y, 12, 31) < end ? new DateOnly(y, 12, 31) : end);
            return Period($"{y}", from, to);
        }).ToList();
        return (years, Period($"{programFrom.Year}–{end.Year}", programFrom, end));
    }
}
