using EventSourced.Api.Infrastructure;
using EventSourced.Api.Ledger;
using EventSourced.Api.Modules.Catalogues;
using Marten;

namespace EventSourced.Api.Modules.Statistics.Measures;

/// <summary>How a catalogue entry stands on a date as known on a day: one row of the catalogue-state read model.</summary>
public enum CatalogueStanding
{
    /// <summary>In the catalogue; its latest known type-level assessment does not say EFFECTIVE.</summary>
    In,
    /// <summary>In the catalogue, and its latest known type-level assessment on or before the date says EFFECTIVE.</summary>
    Effective,
}

/// <summary>An entry's status over business dates [ValidFrom, ValidTo) as known on recorded days [KnownFrom, KnownTo).</summary>
public sealed record CatalogueState(DateOnly ValidFrom, DateOnly ValidTo, DateOnly KnownFrom, DateOnly KnownTo, CatalogueStanding Status);

/// <summary>A province's catalogue on a date as known on a day: the entries in it (in the order added), each with its status.</summary>
public sealed record CatalogueOnDate(IReadOnlyList<(TimedCatalogueEntry Entry, CatalogueStanding Status)> Entries)
{
    public long Types => Entries.Count;
    public long Effective => Entries.Count(e => e.Status == CatalogueStanding.Effective);

    public IReadOnlyList<CatalogueCount> ByParty => CountBy(e => ApiNames.Of(ProgramParties.Of(e.Maintainer)));
    public IReadOnlyList<CatalogueCount> ByMaintainer => CountBy(e => ApiNames.Of(e.Maintainer));

    private List<CatalogueCount> CountBy(Func<TimedCatalogueEntry, string> key) => [.. Entries.GroupBy(e => key(e.Entry)).OrderBy(g => g.Key, StringComparer.Ordinal)
        .Select(g => new CatalogueCount(g.Key, Figure.Of(g.Count()), Figure.Of(g.Count(e => e.Status == CatalogueStanding.Effective))))];
}

/// <summary>
/// The catalogue measures (rule 2's types, rule 3 at type level, rule 9), defined once here beside their SQL. An
/// entry's <see cref="States"/> are rows over both clocks; a figure "on A as known on K" reads the province's rows that
/// hold the point, at most one per entry.
/// <list type="bullet">
/// <item><see cref="Measure.CatalogueTypes"/>: entries with a row holding the point (added on or before A, not removed by
/// then, as known on K), optionally of one party's maintainers.</item>
/// <item><see cref="Measure.CatalogueEffective"/>: those whose row says EFFECTIVE.</item>
/// </list>
/// </summary>
public static class CatalogueMeasures
{
    /// <summary>The rows of an entry (pure; <see cref="StandingRule"/>): a removed entry has no row from its removal on.</summary>
    public static IReadOnlyList<CatalogueState> States(TimedCatalogueEntry entry) =>
        [.. StandingRule.Intervals(entry.Added, entry.Assessments, entry.Removed).Where(i => i.Standing != Standing.Ended).Select(i => new CatalogueState(
            i.ValidFrom, i.ValidTo, i.KnownFrom, i.KnownTo, i.Standing == Standing.Effective ? CatalogueStanding.Effective : CatalogueStanding.In))];

    private sealed record Row(TimedCatalogueEntry Entry, CatalogueStanding Status);

    /// <summary>A province's catalogue on <paramref name="asOf"/> as known on <paramref name="knownAt"/> (null: everything recorded).</summary>
    public static async Task<CatalogueOnDate> On(IQuerySession session, string provinceCode, DateOnly asOf, DateOnly? knownAt, CancellationToken ct)
    {
        var table = $"{session.DocumentStore.Options.DatabaseSchemaName}.{CatalogueStatesProjection.Table}";
        var known = StandingRule.KnownDay(knownAt);
        var rows = await session.AdvancedSql.QueryAsync<Row>($"""
            select jsonb_build_object('entry', entry, 'status', status) from {table}
            where province_code = ? and valid_from <= ?::date and ?::date < valid_to and known_from <= ?::date and ?::date < known_to
            order by entry_no
            """, ct, provinceCode, asOf, asOf, known, known);
        return new CatalogueOnDate([.. rows.Select(r => (r.Entry, r.Status))]);
    }

    /// <summary>A reconciled catalogue measure, of one party's maintainers when the figure names one.</summary>
    public static long Value(Measure measure, CatalogueOnDate catalogue, ProgramParty? party)
    {
        var counts = catalogue.ByParty.Where(p => party is not { } only || p.Key == ApiNames.Of(only)).ToList();
        return measure switch
        {
            Measure.CatalogueTypes => counts.Sum(p => p.Types.Exact),
            Measure.CatalogueEffective => counts.Sum(p => p.Effective.Exact),
            _ => throw new ArgumentOutOfRangeException(nameof(measure), measure, "Not a catalogue measure."),
        };
    }
}
