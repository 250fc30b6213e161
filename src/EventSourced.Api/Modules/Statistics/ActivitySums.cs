using EventSourced.Api.Infrastructure;
using EventSourced.Api.Modules.Models;
using EventSourced.Api.Modules.Reference;
using Marten;

namespace EventSourced.Api.Modules.Statistics;

/// <summary>A date window of activity: the facts dated <paramref name="From"/> to <paramref name="To"/>, as they stand on <paramref name="AsOf"/>.</summary>
public sealed record ActivityWindow(DateOnly From, DateOnly To, DateOnly AsOf);

/// <summary>Commendations decided in a window, by form and by issuing organisation.</summary>
public sealed record CommendationCounts(IReadOnlyDictionary<string, Figure> ByForm, IReadOnlyDictionary<string, Figure> ByIssuer);

/// <summary>
/// Activity of a province, district or unit summed by PostgreSQL, window by window: ten years of a province's shifts are
/// too many to load per request. The unit, province, program, cluster and reconciled figures ask for sums; what needs each fact
/// (a restatement onto today's unit, split by how each old unit was taken) counts them in memory with
/// <see cref="GetUnitStatisticsEndpoint.Compute"/>. Both follow the same rules (ActivityFact.Stands): a fact counts in a
/// window when dated inside it and standing on the window's as-of date as known before the moment; a case counts as
/// prosecuted when detected from the window's first day and prosecuted by its last, both known. The tests hold the two
/// to the same figures.
/// </summary>
public static class ActivitySums
{
    private sealed record Sums(
        long Shifts, long Participations, long Inspections, long Fines, long Warnings, long OtherSanctions, long CasesDetected,
        long Prosecuted, long CamerasInstalled, long RecordersInstalled, long CamerasDecommissioned, long RecordersDecommissioned);

    private sealed record Commended(int Window, string Form, string Issuer, long Count);

    /// <param name="code">A province (2 digits), a district as it stood on each fact's date (3) or a commune-level unit as its
    /// code stood then (5).</param>
    /// <param name="modelType">Only the activity of models of this type.</param>
    public static async Task<IReadOnlyList<ActivityFigures>> Of(
        IQuerySession session, string code, IReadOnlyList<ActivityWindow> windows, DateTimeOffset? knownBefore, CancellationToken ct,
        string? modelType = null)
    {
        // Parameters: known-before, window starts, ends, as-of dates, code, model type twice. Each fact's numbers are read out of its
        // JSON once and summed per day and standing (corrected from / replaced on), which leaves a few rows per day
        // however many facts there are; only those meet the windows.
        var installed = ApiNames.Of(ActivityKind.EquipmentInstalled);
        var decommissioned = ApiNames.Of(ActivityKind.EquipmentDecommissioned);
        var sql = $"""
            with p as (select ?::timestamptz as known_before),
            w as (select * from unnest(?::date[], ?::date[], ?::date[]) with ordinality as w(from_on, to_on, as_of, n)),
            f as (
              select d."on" as on_day, d.data->>'kind' as kind,
                (d.data->>'effectiveFrom')::date as effective_from,
                case when (d.data->>'supersededKnownSince')::timestamptz < p.known_before then (d.data->>'supersededOn')::date end as superseded_on,
                (d.data->>'prosecutedOn')::date as prosecuted_on,
                (d.data->>'prosecutionKnownSince')::timestamptz < p.known_before as prosecution_known,
                (d.data->>'shifts')::int as shifts, (d.data->>'participations')::int as participations,
                (d.data->>'inspections')::int as inspections, (d.data->'sanctions'->>'fines')::int as fines,
                (d.data->'sanctions'->>'warnings')::int as warnings, (d.data->'sanctions'->>'other')::int as other,
                (d.data->>'casesDetected')::int as cases_detected, (d.data->>'cameras')::int as cameras,
                (d.data->>'recorders')::int as recorders
              from {Table<ActivityFact>(session)} d cross join p
              where d.{Column(code)} = ? and d."on" <= (select max(to_on) from w)
                and (d.data->>'knownSince')::timestamptz < p.known_before
                and (?::text = '' or exists (select 1 from {Table<SecurityModel>(session)} m
                  where m.id = (d.data->>'modelId')::uuid and m.data->>'modelType' = ?))
            ),
            daily as (
              select on_day, effective_from, superseded_on,
                sum(shifts) as shifts, sum(participations) as participations, sum(inspections) as inspections,
                sum(fines) as fines, sum(warnings) as warnings, sum(other) as other, sum(cases_detected) as cases_detected,
                sum(cameras) filter (where kind = '{installed}') as cameras_installed,
                sum(recorders) filter (where kind = '{installed}') as recorders_installed,
                sum(cameras) filter (where kind = '{decommissioned}') as cameras_decommissioned,
                sum(recorders) filter (where kind = '{decommissioned}') as recorders_decommissioned
              from f group by on_day, effective_from, superseded_on
            ),
            s as (
              select w.n, sum(shifts) as shifts, sum(participations) as participations, sum(inspections) as inspections,
                sum(fines) as fines, sum(warnings) as warnings, sum(other) as other, sum(cases_detected) as cases_detected,
                sum(cameras_installed) as cameras_installed, sum(recorders_installed) as recorders_installed,
                sum(cameras_decommissioned) as cameras_decommissioned, sum(recorders_decommissioned) as recorders_decommissioned
              from w join daily on daily.on_day between w.from_on and w.to_on
              where (daily.effective_from is null or daily.effective_from <= w.as_of)
                and (daily.superseded_on is null or daily.superseded_on > w.as_of)
              group by w.n
            ),
            cases as (
              select on_day, prosecuted_on, count(*) as cases
              from f where kind = '{ApiNames.Of(ActivityKind.Case)}' and prosecution_known
              group by on_day, prosecuted_on
            ),
            c as (
              select w.n, sum(cases.cases) as prosecuted
              from w join cases on cases.on_day >= w.from_on and cases.prosecuted_on <= w.to_on
              group by w.n
            )
            select jsonb_build_object(
              'shifts', coalesce(s.shifts, 0), 'participations', coalesce(s.participations, 0),
              'inspections', coalesce(s.inspections, 0), 'fines', coalesce(s.fines, 0), 'warnings', coalesce(s.warnings, 0),
              'otherSanctions', coalesce(s.other, 0), 'casesDetected', coalesce(s.cases_detected, 0),
              'prosecuted', coalesce(c.prosecuted, 0),
              'camerasInstalled', coalesce(s.cameras_installed, 0), 'recordersInstalled', coalesce(s.recorders_installed, 0),
              'camerasDecommissioned', coalesce(s.cameras_decommissioned, 0), 'recordersDecommissioned', coalesce(s.recorders_decommissioned, 0))
            from w left join s on s.n = w.n left join c on c.n = w.n
            order by w.n
            """;
        var sums = await session.AdvancedSql.QueryAsync<Sums>(sql, ct,
            Moment(knownBefore), windows.Select(w => w.From).ToArray(), windows.Select(w => w.To).ToArray(),
            windows.Select(w => w.AsOf).ToArray(), code, modelType ?? "", modelType ?? "");
        return [.. sums.Select(s => new ActivityFigures(
            Figure.Of(s.Shifts), Figure.Of(s.Participations), Figure.Of(s.Inspections),
            Figure.Of(s.Fines + s.Warnings + s.OtherSanctions), Figure.Of(s.Fines), Figure.Of(s.Warnings),
            Figure.Of(s.CasesDetected), Figure.Of(s.Prosecuted),
            Figure.Of(s.CamerasInstalled), Figure.Of(s.RecordersInstalled),
            Figure.Of(s.CamerasDecommissioned), Figure.Of(s.RecordersDecommissioned)))];
    }

    /// <summary>Commendations (of one program, if given) decided in each window and known before the moment.</summary>
    public static async Task<IReadOnlyList<CommendationCounts>> Commendations(
        IQuerySession session, string provinceCode, IReadOnlyList<ActivityWindow> windows, string? programId,
        DateTimeOffset? knownBefore, CancellationToken ct)
    {
        // Parameters: window starts, ends, province, commendation kind, known-before, program (or '' for any).
        var sql = $"""
            select jsonb_build_object('window', w.n, 'form', d.data->>'commendationForm', 'issuer', d.data->>'issuer', 'count', count(*))
            from unnest(?::date[], ?::date[]) with ordinality as w(from_on, to_on, n)
            join {Table<ActivityFact>(session)} d on d."on" between w.from_on and w.to_on
            where d.province_code = ? and d.data->>'kind' = ? and (d.data->>'knownSince')::timestamptz < ?
              and (?::text = '' or d.data->>'programId' = ?)
            group by w.n, d.data->>'commendationForm', d.data->>'issuer'
            """;
        var rows = await session.AdvancedSql.QueryAsync<Commended>(sql, ct,
            windows.Select(w => w.From).ToArray(), windows.Select(w => w.To).ToArray(), provinceCode,
            ApiNames.Of(ActivityKind.Commendation), Moment(knownBefore), programId ?? "", programId ?? "");
        return [.. windows.Select((_, i) =>
        {
            var inWindow = rows.Where(r => r.Window == i + 1).ToList();
            return new CommendationCounts(Totals(inWindow, r => r.Form), Totals(inWindow, r => r.Issuer));
        })];
    }

    private static Dictionary<string, Figure> Totals(IEnumerable<Commended> rows, Func<Commended, string> key) =>
        rows.GroupBy(key).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => Figure.Of(g.Sum(r => r.Count)));

    private static string Table<T>(IQuerySession session) =>
        session.DocumentStore.Options.FindOrResolveDocumentType(typeof(T)).TableName.QualifiedName;

    private static string Column(string code) => code.Length switch
    {
        2 => "province_code",
        3 => "district_code",
        5 => "unit_code",
        _ => throw new ArgumentOutOfRangeException(nameof(code), code, "A 2-, 3- or 5-digit unit code."),
    };

    /// <summary>No moment: every fact is known (timestamptz reaches far past year 9999).</summary>
    private static DateTimeOffset Moment(DateTimeOffset? knownBefore) => (knownBefore ?? DateTimeOffset.MaxValue).ToUniversalTime();
}
