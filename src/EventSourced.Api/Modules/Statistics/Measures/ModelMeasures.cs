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
        // Parameters: window starts, as-of dates, province, known-at day twice. A row only matters through where its dates
        // fall among the windows' dates, so each row of the province known on K is first reduced to buckets (how many
        // as-of dates lie before its valid_from and before its valid_to, how many window starts lie on or before its
        // launch) and the rows are summed per bucket: a row holds window i's as-of date when vf < i <= vt, and counts
        // as launched in window j's when lb >= j. Coverage merges each unit's live rows of a type into disjoint bucket
        // ranges first (gaps and islands), so a unit counts once per window. One pass over the province's rows, then
        // joins of a few dozen buckets, however many windows are asked.
        var sql = $"""
            with w as (select * from unnest(?::date[], ?::date[]) with ordinality as w(from_on, as_of, n)),
            a as (select array_agg(distinct as_of order by as_of) as asofs, array_agg(distinct from_on order by from_on) as froms from w),
            wi as (select w.n, array_position(a.asofs, w.as_of) as i, array_position(a.froms, w.from_on) as j from w cross join a),
            s as (
              select width_bucket(s.valid_from - 1, a.asofs) as vf, width_bucket(s.valid_to - 1, a.asofs) as vt,
                width_bucket(s.launched_on, a.froms) as lb, s.status, s.model_type, s.kind, s.lead_organisation,
                s.replicated_from is not null as replicated, s.unit_version_id
              from {table} s cross join a
              where s.province_code = ? and s.known_from <= ?::date and ?::date < s.known_to and s.valid_from <= a.asofs[array_upper(a.asofs, 1)]
            ),
            r as (
              select vf, vt, lb, status, model_type, kind, lead_organisation, replicated, count(*) as models
              from s where vf < vt group by vf, vt, lb, status, model_type, kind, lead_organisation, replicated
            ),
            u as (
              select model_type, unit_version_id, vf, vt,
                max(vt) over (partition by model_type, unit_version_id order by vf, vt rows between unbounded preceding and 1 preceding) as reach
              from s where status <> '{discontinued}' and vf < vt
            ),
            islands as (
              select model_type, unit_version_id, vf, vt,
                count(*) filter (where reach is null or vf >= reach) over (partition by model_type, unit_version_id order by vf, vt) as island
              from u
            ),
            covered as (
              select model_type, vf, vt, count(*) as units
              from (select model_type, min(vf) as vf, max(vt) as vt from islands group by model_type, unit_version_id, island) m
              group by model_type, vf, vt
            )
            select jsonb_build_object('window', wi.n, 'modelType', r.model_type, 'kind', r.kind, 'lead', r.lead_organisation,
              'launched', sum(r.models), 'replicated', coalesce(sum(r.models) filter (where r.replicated), 0),
              'discontinued', coalesce(sum(r.models) filter (where r.status = '{discontinued}'), 0),
              'effective', coalesce(sum(r.models) filter (where r.status = '{effective}'), 0), 'units', 0, 'covered', false)
            from wi join r on r.vf < wi.i and wi.i <= r.vt and r.lb >= wi.j
            group by wi.n, r.model_type, r.kind, r.lead_organisation
            union all
            select jsonb_build_object('window', wi.n, 'modelType', c.model_type, 'units', sum(c.units), 'covered', true)
            from wi join covered c on c.vf < wi.i and wi.i <= c.vt
            group by wi.n, c.model_type
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
