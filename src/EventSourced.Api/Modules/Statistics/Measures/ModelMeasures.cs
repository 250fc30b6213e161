using Marten;

namespace EventSourced.Api.Modules.Statistics.Measures;

/// <summary>How a model stands on a date as known on a day: one row of the model-state read model.</summary>
public enum ModelStanding
{
    /// <summary>Launched, not discontinued, not (or no longer) assessed effective.</summary>
    Live,
    /// <summary>Launched, not discontinued, and its latest known assessment says EFFECTIVE (rule 3).</summary>
    Effective,
    /// <summary>Discontinued on or before the date, as known then.</summary>
    Discontinued,
}

/// <summary>A model's status over business dates [ValidFrom, ValidTo) as known on recorded days [KnownFrom, KnownTo).</summary>
public sealed record ModelState(DateOnly ValidFrom, DateOnly ValidTo, DateOnly KnownFrom, DateOnly KnownTo, ModelStanding Status);

/// <summary>The model figures of a window: launches from <paramref name="From"/> (null: all time), as of and judged on <paramref name="AsOf"/>.</summary>
public sealed record ModelWindow(DateOnly? From, DateOnly AsOf);

/// <summary>Models of one type, kind and lead organisation, counted in one window.</summary>
public sealed record ModelGroupCount(string ModelType, string Kind, string LeadOrganisation, long Launched, long Replicated, long Discontinued, long Effective);

/// <summary>The model figures of one window: counts by type, kind and lead, and coverage by type.</summary>
public sealed record ModelCountsInWindow(IReadOnlyList<ModelGroupCount> Groups, IReadOnlyDictionary<string, long> CoverageByType)
{
    public long Launched => Groups.Sum(g => g.Launched);
    public long Replicated => Groups.Sum(g => g.Replicated);
    public long Discontinued => Groups.Sum(g => g.Discontinued);
    public long Effective => Groups.Sum(g => g.Effective);

    public long LaunchedOf(string modelType) => Groups.Where(g => g.ModelType == modelType).Sum(g => g.Launched);
    public long EffectiveOf(string modelType) => Groups.Where(g => g.ModelType == modelType).Sum(g => g.Effective);
    public long CoverageOf(string modelType) => CoverageByType.GetValueOrDefault(modelType);

    /// <summary>Every type with a launch in the window or a live instance, in ordinal order.</summary>
    public IReadOnlyList<string> Types => [.. Groups.Where(g => g.Launched > 0).Select(g => g.ModelType)
        .Concat(CoverageByType.Where(c => c.Value > 0).Select(c => c.Key)).Distinct().Order(StringComparer.Ordinal)];
}

/// <summary>
/// The model measures (rules 2–4 under rule 9), each defined once here beside the SQL it becomes. A model's
/// <see cref="States"/> are rows over both clocks; a figure "on A as known on K" counts the rows of the province that
/// hold the point: <c>valid_from ≤ A &lt; valid_to and known_from ≤ K &lt; known_to</c>. At most one row of a model
/// holds any point, so counting rows counts models.
/// <list type="bullet">
/// <item><see cref="Measure.ModelsLaunched"/>: rows holding the point with <c>launched_on ≥ from</c> (any status: a model
/// launched in the window counts even if discontinued since).</item>
/// <item>ModelsReplicated: those with a <c>replicated_from</c>.</item>
/// <item>ModelsDiscontinued: those with status DISCONTINUED.</item>
/// <item><see cref="Measure.ModelsEffective"/>: those with status EFFECTIVE (rule 3: the latest assessment on or before A
/// known by K says EFFECTIVE, and the model is not discontinued then).</item>
/// <item><see cref="Measure.Coverage"/>: distinct commune-level unit versions with a row holding the point whose status is
/// not DISCONTINUED, per model type, whenever launched (rule 4).</item>
/// </list>
/// </summary>
public static class ModelMeasures
{
    /// <summary>The rows of a model: where it stands at every point of the two clocks (pure; <see cref="StandingRule"/>).</summary>
    public static IReadOnlyList<ModelState> States(ModelFacts facts) =>
        [.. StandingRule.Intervals(facts.Launch, facts.Assessments, facts.Discontinuation).Select(i => new ModelState(
            i.ValidFrom, i.ValidTo, i.KnownFrom, i.KnownTo,
            i.Standing switch { Standing.Effective => ModelStanding.Effective, Standing.Ended => ModelStanding.Discontinued, _ => ModelStanding.Live }))];

    /// <summary>A province's model figures in each window, as known on <paramref name="knownAt"/> (null: everything
    /// recorded): one statement for all windows.</summary>
    public static async Task<IReadOnlyList<ModelCountsInWindow>> Count(
        IQuerySession session, string provinceCode, IReadOnlyList<ModelWindow> windows, DateOnly? knownAt, CancellationToken ct)
    {
        var table = $"{session.DocumentStore.Options.DatabaseSchemaName}.{ModelStatesProjection.Table}";
        var discontinued = Infrastructure.ApiNames.Of(ModelStanding.Discontinued);
        var effective = Infrastructure.ApiNames.Of(ModelStanding.Effective);
        // Parameters: window starts, as-of dates, province, known-at day twice.
        var sql = $"""
            with w as (select * from unnest(?::date[], ?::date[]) with ordinality as w(from_on, as_of, n)),
            s as (
              select w.n, w.from_on, s.* from w join {table} s
                on s.province_code = ? and s.valid_from <= w.as_of and w.as_of < s.valid_to
                and s.known_from <= ?::date and ?::date < s.known_to
            )
            select jsonb_build_object('window', n, 'modelType', model_type, 'kind', kind, 'lead', lead_organisation,
              'launched', count(*), 'replicated', count(*) filter (where replicated_from is not null),
              'discontinued', count(*) filter (where status = '{discontinued}'),
              'effective', count(*) filter (where status = '{effective}'),
              'units', 0, 'covered', false)
            from s where launched_on >= from_on
            group by n, model_type, kind, lead_organisation
            union all
            select jsonb_build_object('window', n, 'modelType', model_type, 'units', count(distinct unit_version_id), 'covered', true)
            from s where status <> '{discontinued}'
            group by n, model_type
            """;
        var known = StandingRule.KnownDay(knownAt);
        var rows = await session.AdvancedSql.QueryAsync<Row>(sql, ct,
            windows.Select(w => w.From ?? DateOnly.MinValue).ToArray(), windows.Select(w => w.AsOf).ToArray(), provinceCode, known, known);
        return [.. windows.Select((_, i) => new ModelCountsInWindow(
            [.. rows.Where(r => r.Window == i + 1 && !r.Covered)
                .Select(r => new ModelGroupCount(r.ModelType, r.Kind!, r.Lead!, r.Launched, r.Replicated, r.Discontinued, r.Effective))],
            rows.Where(r => r.Window == i + 1 && r.Covered).ToDictionary(r => r.ModelType, r => r.Units)))];
    }

    private sealed record Row(int Window, string ModelType, string? Kind, string? Lead, long Launched, long Replicated, long Discontinued, long Effective,
        long Units, bool Covered);

    /// <summary>A reconciled model measure from the window's counts (a coverage figure names its model type).</summary>
    public static long Value(Measure measure, ModelCountsInWindow counts, string? modelType) => measure switch
    {
        Measure.ModelsLaunched => counts.Launched,
        Measure.ModelsEffective => counts.Effective,
        Measure.Coverage => modelType is null ? 0 : counts.CoverageOf(modelType),
        _ => throw new ArgumentOutOfRangeException(nameof(measure), measure, "Not a model measure."),
    };
}
