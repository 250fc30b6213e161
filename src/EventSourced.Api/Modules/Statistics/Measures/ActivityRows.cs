using Weasel.Core;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace EventSourced.Api.Modules.Statistics.Measures;

/// <summary>An additive activity measure: a column of the activity rows and what feeds it.</summary>
/// <param name="Column">Its column in <see cref="ActivityRows.ActivityTable"/> (and its key in the sums' JSON).</param>
/// <param name="Counts">What it counts.</param>
public sealed record ActivityMeasure(string Column, string Counts);

/// <summary>
/// The activity read model: signed-delta rows in plain tables, kept by <see cref="ActivityFiguresProjection"/> and by
/// <c>rebuild-statistics</c> with the one statement <see cref="Apply"/> over a range of event sequences, so that no
/// statistics query reads a per-fact row. Every activity is added to three places (its province, its district as it
/// stood, its commune-level unit version as recorded) at two grains (its day; its month, whose recorded day is the
/// later of the real one and the month's last day, so a month known in full folds into one row). A correction adds
/// −was (recorded when both the replaced fact and the correction were known) and +now, both effective from its own
/// date; a retraction adds −was alone. So a figure "over [from, to] as of A, known by K" is a sum of rows with
/// recorded_on ≤ K and effective_from ≤ A (<see cref="ActivitySums"/>). docs/architecture.md, "Read models: activity".
/// </summary>
public static class ActivityRows
{
    public const string ActivityTable = "statistics_activity";
    public const string ProsecutionTable = "statistics_prosecutions";
    public const string CommendationTable = "statistics_commendations";

    /// <summary>The levels a row is kept at; <c>scope</c> holds the province code, the district code or the unit version id.</summary>
    public const int Province = 2, District = 3, UnitVersion = 5;

    /// <summary>The event types the rows are made of (stored names, ModelsModule and CommendationsModule).</summary>
    public static readonly string[] EventTypes =
    [
        "patrol_recorded", "inspections_recorded", "sanctions_recorded", "case_detected", "case_prosecuted",
        "equipment_installed", "equipment_decommissioned", "record_corrected", "record_retracted", "commendation_granted",
    ];

    public static readonly ActivityMeasure Shifts = new("shifts", "patrol shifts");
    public static readonly ActivityMeasure Participations = new("participations", "participants summed over the shifts (person-shifts)");
    public static readonly ActivityMeasure Inspections = new("inspections", "administrative inspections, on shifts or not");
    public static readonly ActivityMeasure Fines = new("fines", "fines imposed");
    public static readonly ActivityMeasure Warnings = new("warnings", "warnings given");
    public static readonly ActivityMeasure OtherSanctions = new("other_sanctions", "sanctions of any other kind");
    public static readonly ActivityMeasure CasesDetected = new("cases_detected", "cases detected (a registered case found on a recorded shift is in the shift's count)");
    public static readonly ActivityMeasure CamerasInstalled = new("cameras_installed", "cameras installed");
    public static readonly ActivityMeasure RecordersInstalled = new("recorders_installed", "recorders installed");
    public static readonly ActivityMeasure CamerasDecommissioned = new("cameras_decommissioned", "cameras taken out of service");
    public static readonly ActivityMeasure RecordersDecommissioned = new("recorders_decommissioned", "recorders taken out of service");

    public static readonly IReadOnlyList<ActivityMeasure> Measures =
    [
        Shifts, Participations, Inspections, Fines, Warnings, OtherSanctions, CasesDetected,
        CamerasInstalled, RecordersInstalled, CamerasDecommissioned, RecordersDecommissioned,
    ];

    private static readonly string[] ActivityKey =
        ["level", "scope", "grain", "day", "recorded_on", "effective_from", "model_type", "lead", "program", "unit_code"];

    private static readonly string[] CommendationKey =
        ["level", "scope", "grain", "day", "recorded_on", "form", "issuer", "program", "unit_code"];

    private static readonly string[] ProsecutionKey =
        ["level", "scope", "detected_on", "prosecuted_on", "recorded_on", "model_type", "lead", "program", "unit_code"];

    public static IEnumerable<ISchemaObject> Tables(string schema)
    {
        var activity = Keyed(schema, ActivityTable, ActivityKey);
        foreach (var measure in Measures)
        {
            activity.AddColumn<long>(measure.Column).NotNull().DefaultValueByExpression("0");
        }
        activity.Indexes.Add(new IndexDefinition($"ix_{ActivityTable}_unit_code")
        {
            Columns = ["unit_code", "grain", "day"],
            Predicate = $"level = {UnitVersion}",
        });
        yield return activity;

        var prosecutions = Keyed(schema, ProsecutionTable, ProsecutionKey);
        prosecutions.AddColumn<long>("cases").NotNull().DefaultValueByExpression("0");
        prosecutions.Indexes.Add(new IndexDefinition($"ix_{ProsecutionTable}_unit_code")
        {
            Columns = ["unit_code", "detected_on"],
            Predicate = $"level = {UnitVersion}",
        });
        yield return prosecutions;

        var commendations = Keyed(schema, CommendationTable, CommendationKey);
        commendations.AddColumn<long>("commendations").NotNull().DefaultValueByExpression("0");
        yield return commendations;
    }

    private static Table Keyed(string schema, string name, string[] key)
    {
        var table = new Table(new PostgresqlObjectName(schema, name, SchemaUtils.IdentifierUsage.General));
        foreach (var column in key)
        {
            var type = column switch
            {
                "level" => "smallint",
                "day" or "recorded_on" or "effective_from" or "detected_on" or "prosecuted_on" => "date",
                _ => "text",
            };
            table.AddColumn(column, type).AsPrimaryKey();
        }
        return table;
    }

    /// <summary>The Vietnam date on which an event was known (Reporting.KnownSince: the reported-at header, else Marten's timestamp).</summary>
    private static string RecordedDay(string e) =>
        $"(coalesce(({e}.headers->>'reported-at')::timestamptz, {e}.timestamp) at time zone 'UTC' + interval '7 hours')::date";

    private static string MonthStart(string day) => $"date_trunc('month', ({day})::timestamp)::date";

    /// <summary>Measure values of one source row, in <see cref="Measures"/> order; measures it does not feed are 0.</summary>
    private static string Values(params (ActivityMeasure Measure, string Value)[] given) =>
        string.Join(", ", Measures.Select(m => $"({given.Where(g => g.Measure == m).Select(g => g.Value).DefaultIfEmpty("0").Single()})::bigint as {m.Column}"));

    /// <summary>The counts of a correction's RecordCounts (<c>was</c> or <c>now</c>), signed.</summary>
    private static string Counts(string counts, string sign) => Values(
        (Shifts, $"{sign}({counts}->>'shifts')::bigint"),
        (Participations, $"{sign}({counts}->>'participations')::bigint"),
        (Inspections, $"{sign}({counts}->>'inspections')::bigint"),
        (Fines, $"{sign}({counts}->'sanctions'->>'fines')::bigint"),
        (Warnings, $"{sign}({counts}->'sanctions'->>'warnings')::bigint"),
        (OtherSanctions, $"{sign}({counts}->'sanctions'->>'other')::bigint"),
        (CasesDetected, $"{sign}({counts}->>'casesDetected')::bigint"));

    /// <summary>
    /// The one statement that adds the events with sequence in [<paramref name="from"/>, <paramref name="to"/>] to the
    /// rows (placeholders: <c>?</c> for Marten, <c>$1</c>/<c>$2</c> for Npgsql). A model's type, lead organisation and
    /// program come from its stream's first event (model_registered), read through the (stream_id, version) index: the
    /// event log alone rebuilds the rows, whatever state the inline model documents are in.
    /// </summary>
    public static string Apply(string schema, string from, string to)
    {
        var events = $"{schema}.mt_events";
        var types = string.Join(", ", EventTypes.Select(t => $"'{t}'"));
        var sums = string.Join(", ", Measures.Select(m => $"sum({m.Column})"));
        var added = string.Join(", ", Measures.Select(m => $"{m.Column} = t.{m.Column} + excluded.{m.Column}"));
        var columns = string.Join(", ", Measures.Select(m => m.Column));
        var levels = $"""
            cross join lateral (values ({Province}::smallint, f.unit->>'provinceCode', ''), ({District}::smallint, f.unit->>'districtCode', ''),
              ({UnitVersion}::smallint, f.unit->>'unitVersionId', f.unit->>'code')) as lv(level, scope, unit_code)
            """;
        const string Grains = "cross join (values ('d'), ('m')) as g(grain)";
        var grainDay = $"case g.grain when 'd' then f.day else {MonthStart("f.day")} end";
        var grainRecorded = $"case g.grain when 'd' then f.recorded_on else greatest(f.recorded_on, ({MonthStart("f.day")} + interval '1 month - 1 day')::date) end";
        return $"""
            with ev as (
              select e.stream_id, e.type, e.data, {RecordedDay("e")} as recorded_on
              from {events} e
              where e.seq_id >= {from} and e.seq_id <= {to} and e.type in ({types}) and e.is_archived = false
            ),
            facts as (
              select stream_id, data->'unit' as unit, ((data->>'shiftStart')::timestamptz at time zone 'UTC' + interval '7 hours')::date as day,
                recorded_on, '-infinity'::date as effective_from,
                {Values((Shifts, "1"), (Participations, "data->>'participants'"), (Inspections, "data->>'inspections'"),
                    (Fines, "data->'sanctions'->>'fines'"), (Warnings, "data->'sanctions'->>'warnings'"), (OtherSanctions, "data->'sanctions'->>'other'"),
                    (CasesDetected, "data->>'casesDetected'"))}
              from ev where type = 'patrol_recorded'
              union all
              select stream_id, data->'unit', (data->>'conductedOn')::date, recorded_on, '-infinity',
                {Values((Inspections, "data->>'inspections'"))}
              from ev where type = 'inspections_recorded'
              union all
              select stream_id, data->'unit', (data->>'imposedOn')::date, recorded_on, '-infinity',
                {Values((Fines, "data->'sanctions'->>'fines'"), (Warnings, "data->'sanctions'->>'warnings'"), (OtherSanctions, "data->'sanctions'->>'other'"))}
              from ev where type = 'sanctions_recorded'
              union all
              select stream_id, data->'unit', (data->>'detectedOn')::date, recorded_on, '-infinity',
                {Values((CasesDetected, "case when data->>'patrolId' is null then 1 else 0 end"))}
              from ev where type = 'case_detected'
              union all
              select stream_id, data->'unit', (data->>'installedOn')::date, recorded_on, '-infinity',
                {Values((CamerasInstalled, "data->>'cameras'"), (RecordersInstalled, "data->>'recorders'"))}
              from ev where type = 'equipment_installed'
              union all
              select stream_id, data->'unit', (data->>'decommissionedOn')::date, recorded_on, '-infinity',
                {Values((CamerasDecommissioned, "data->>'cameras'"), (RecordersDecommissioned, "data->>'recorders'"))}
              from ev where type = 'equipment_decommissioned'
              union all
              select stream_id, data->'unit', (data->>'occurredOn')::date, recorded_on, (data->>'correctedOn')::date,
                {Counts("data->'now'", "")}
              from ev where type = 'record_corrected'
              union all
              -- The replaced fact stops counting once both it and its amendment are known.
              select ev.stream_id, ev.data->'unit', (ev.data->>'occurredOn')::date, greatest(ev.recorded_on, s.recorded_on),
                coalesce(ev.data->>'correctedOn', ev.data->>'retractedOn')::date,
                {Counts("ev.data->'was'", "-")}
              from ev left join lateral (
                select {RecordedDay("s")} as recorded_on from {events} s
                where s.stream_id = ev.stream_id
                  and ((ev.data->>'supersededFactId' = ev.data->>'recordId'
                        and s.id = coalesce(ev.data->>'correctedEventId', ev.data->>'retractedEventId')::uuid)
                    or (s.type = 'record_corrected' and s.data->>'correctionId' = ev.data->>'supersededFactId'))
                limit 1) s on true
              where ev.type in ('record_corrected', 'record_retracted')
            ),
            f as (
              select facts.unit, facts.day, facts.recorded_on, facts.effective_from,
                coalesce(m.data->>'modelType', '') as model_type, coalesce(m.data->>'leadOrganisation', '') as lead,
                coalesce(m.data->>'programId', '') as program, {columns}
              from facts left join {events} m on m.stream_id = facts.stream_id and m.version = 1 and m.type = 'model_registered'
            ),
            activity as (
              insert into {schema}.{ActivityTable} as t ({string.Join(", ", ActivityKey)}, {columns})
              select lv.level, lv.scope, g.grain, {grainDay}, {grainRecorded}, f.effective_from, f.model_type, f.lead, f.program, lv.unit_code, {sums}
              from f {levels} {Grains}
              where lv.scope is not null
              group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10
              on conflict ({string.Join(", ", ActivityKey)}) do update set {added}
            ),
            -- Data-modifying CTEs run to completion whether or not the outer statement reads them.
            prosecutions as (
              insert into {schema}.{ProsecutionTable} as t ({string.Join(", ", ProsecutionKey)}, cases)
              select lv.level, lv.scope, f.detected_on, f.prosecuted_on, f.recorded_on, f.model_type, f.lead, f.program, lv.unit_code, count(*)
              from (
                -- Rule 5: a prosecution counts with its case's detection date, once both are known.
                select c.data->'unit' as unit, (c.data->>'detectedOn')::date as detected_on, (ev.data->>'prosecutedOn')::date as prosecuted_on,
                  greatest(ev.recorded_on, {RecordedDay("c")}) as recorded_on,
                  coalesce(m.data->>'modelType', '') as model_type, coalesce(m.data->>'leadOrganisation', '') as lead,
                  coalesce(m.data->>'programId', '') as program
                from ev join lateral (
                  select * from {events} c
                  where c.stream_id = ev.stream_id and c.type = 'case_detected' and c.data->>'caseId' = ev.data->>'caseId'
                  limit 1) c on true
                left join {events} m on m.stream_id = ev.stream_id and m.version = 1 and m.type = 'model_registered'
                where ev.type = 'case_prosecuted'
              ) f {levels}
              where lv.scope is not null
              group by 1, 2, 3, 4, 5, 6, 7, 8, 9
              on conflict ({string.Join(", ", ProsecutionKey)}) do update set cases = t.cases + excluded.cases
            )
            insert into {schema}.{CommendationTable} as t ({string.Join(", ", CommendationKey)}, commendations)
            select lv.level, lv.scope, g.grain, {grainDay}, {grainRecorded}, f.form, f.issuer, f.program, lv.unit_code, count(*)
            from (
              select data->'unit' as unit, (data->>'decisionDate')::date as day, recorded_on, data->>'form' as form,
                data->>'issuer' as issuer, coalesce(data->>'programId', '') as program
              from ev where type = 'commendation_granted'
            ) f {levels} {Grains}
            where lv.scope is not null
            group by 1, 2, 3, 4, 5, 6, 7, 8, 9
            on conflict ({string.Join(", ", CommendationKey)}) do update set commendations = t.commendations + excluded.commendations
            """;
    }
}
