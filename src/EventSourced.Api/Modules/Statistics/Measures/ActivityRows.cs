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
/// statistics query reads a per-fact row. Every activity is added to its province and its commune-level unit version as
/// recorded at two grains (its day; its month, whose recorded day is the later of the real one and the month's last
/// day, so a month known in full folds into one row), and to its district as it stood by month only: the unit's day
/// rows carry the district's code, and a district's days are read from them, which halves the rows written per event. A correction adds
/// −was (recorded when both the replaced fact and the correction were known) and +now, both effective from its own
/// date; a retraction adds −was alone. So a figure "over [from, to] as of A, known by K" is a sum of rows with
/// recorded_on ≤ K and effective_from ≤ A (<see cref="ActivitySums"/>). docs/architecture.md, "Read models: activity".
/// </summary>
public static class ActivityRows
{
    public const string ActivityTable = "statistics_activity";
    public const string ProsecutionTable = "statistics_prosecutions";
    public const string CommendationTable = "statistics_commendations";

    /// <summary>The read model's tables, emptied together by a rebuild and by the daemon's teardown.</summary>
    public static readonly IReadOnlyList<string> TableNames = [ActivityTable, ProsecutionTable, CommendationTable];

    /// <summary>The levels a row is kept at; <c>scope</c> holds the province code, the district code or the unit version id
    /// (whose rows also carry the unit's <c>unit_code</c> and <c>district</c> as recorded).</summary>
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
        ["level", "scope", "grain", "day", "recorded_on", "effective_from", "model_type", "lead", "program", "unit_code", "district"];

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
        // A district's days are its commune-level units' day rows (it keeps month rows only).
        activity.Indexes.Add(new IndexDefinition($"ix_{ActivityTable}_district")
        {
            Columns = ["district", "day"],
            Predicate = $"level = {UnitVersion} and grain = 'd'",
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
            table.AddColumn(column, ColumnType(column)).AsPrimaryKey();
        }
        return table;
    }

    /// <summary>The Vietnam date on which an event was known (Reporting.KnownSince: the reported-at header, else Marten's timestamp).</summary>
    private static string RecordedDay(string e) =>
        $"(coalesce(({e}.headers->>'reported-at')::timestamptz, {e}.timestamp) at time zone 'UTC' + interval '7 hours')::date";

    private static string MonthStart(string day) => $"date_trunc('month', ({day})::timestamp)::date";

    /// <summary>An event type that feeds the activity rows: its business day and what it adds to which measure.</summary>
    private sealed record Source(string Type, string Day, params (ActivityMeasure Measure, string Value)[] Feeds);

    /// <summary>A correction's or retraction's counts (RecordCounts): <c>now</c> on its + row, <c>was</c> on its − row.</summary>
    private static (ActivityMeasure, string)[] Amended =>
    [
        (Shifts, "a.counts->>'shifts'"), (Participations, "a.counts->>'participations'"), (Inspections, "a.counts->>'inspections'"),
        (Fines, "a.counts->'sanctions'->>'fines'"), (Warnings, "a.counts->'sanctions'->>'warnings'"),
        (OtherSanctions, "a.counts->'sanctions'->>'other'"), (CasesDetected, "a.counts->>'casesDetected'"),
    ];

    private static readonly Source[] Sources =
    [
        new("patrol_recorded", "((e.data->>'shiftStart')::timestamptz at time zone 'UTC' + interval '7 hours')::date",
            (Shifts, "1"), (Participations, "e.data->>'participants'"), (Inspections, "e.data->>'inspections'"),
            (Fines, "e.data->'sanctions'->>'fines'"), (Warnings, "e.data->'sanctions'->>'warnings'"),
            (OtherSanctions, "e.data->'sanctions'->>'other'"), (CasesDetected, "e.data->>'casesDetected'")),
        new("inspections_recorded", "(e.data->>'conductedOn')::date", (Inspections, "e.data->>'inspections'")),
        new("sanctions_recorded", "(e.data->>'imposedOn')::date",
            (Fines, "e.data->'sanctions'->>'fines'"), (Warnings, "e.data->'sanctions'->>'warnings'"), (OtherSanctions, "e.data->'sanctions'->>'other'")),
        // A registered case found on a recorded shift is already in that shift's count.
        new("case_detected", "(e.data->>'detectedOn')::date", (CasesDetected, "case when e.data->>'patrolId' is null then 1 else 0 end")),
        new("equipment_installed", "(e.data->>'installedOn')::date", (CamerasInstalled, "e.data->>'cameras'"), (RecordersInstalled, "e.data->>'recorders'")),
        new("equipment_decommissioned", "(e.data->>'decommissionedOn')::date",
            (CamerasDecommissioned, "e.data->>'cameras'"), (RecordersDecommissioned, "e.data->>'recorders'")),
        new("record_corrected", "(e.data->>'occurredOn')::date", Amended),
        new("record_retracted", "(e.data->>'occurredOn')::date", Amended),
    ];

    private static string ByType(Func<Source, string?> value, string otherwise) =>
        $"case e.type {string.Join(" ", Sources.Select(s => (s.Type, Value: value(s))).Where(s => s.Value is not null).Select(s => $"when '{s.Type}' then {s.Value}"))} else {otherwise} end";

    /// <summary>Each measure of a source row, signed: every source adds its own row (+); a correction also its −was row, a retraction only that.</summary>
    private static string MeasureValues() => string.Join(",\n    ", Measures.Select(m =>
        $"part.sign * ({ByType(s => s.Feeds.Where(f => f.Measure == m).Select(f => $"({f.Value})::bigint").SingleOrDefault(), "0")}) as {m.Column}"));

    /// <summary>
    /// The one statement that adds the events with sequence in [<paramref name="from"/>, <paramref name="to"/>] to the
    /// rows (placeholders, each used once: <c>?</c> for Marten, <c>$1</c>/<c>$2</c> for Npgsql), adding to the rows
    /// already there. A model's type, lead organisation and program come from its stream's first event
    /// (model_registered), read through the (stream_id, version) index: the event log alone rebuilds the rows, whatever
    /// state the inline model documents are in.
    /// </summary>
    public static string Apply(string schema, string from, string to) => Statement(schema, from, to, staged: false);

    /// <summary>The same statement for <c>rebuild-statistics</c>: appends the range's commune-level day rows,
    /// prosecutions and commendations to the session's tables (<see cref="StageTables"/>), unsummed; <see cref="Unstage"/>
    /// sums them into the read model once, after the last range.</summary>
    public static string Stage(string schema, string from, string to) => Statement(schema, from, to, staged: true);

    /// <summary>The rebuild's session tables (temporary: they go with the connection, however the rebuild ends), one statement each.</summary>
    public static IReadOnlyList<string> StageTables(string schema) =>
    [
        DropStageTables,
        $"create temp table {UnitDays} ({string.Join(", ", UnitDayKey.Select(c => $"{c} {ColumnType(c)}"))}, {string.Join(", ", Measures.Select(m => $"{m.Column} bigint"))})",
        $"create temp table {ProsecutionTable} (like {schema}.{ProsecutionTable} including defaults)",
        $"create temp table {CommendationTable} (like {schema}.{CommendationTable} including defaults)",
    ];

    /// <summary>Drops the session tables: a pooled connection keeps them after it is closed (NoResetOnClose).</summary>
    public static string DropStageTables =>
        $"drop table if exists {string.Join(", ", new[] { UnitDays, ProsecutionTable, CommendationTable }.Select(t => $"pg_temp.{t}"))}";

    /// <summary>Sums the staged rows into the read model's (empty) tables, one statement per table.</summary>
    public static IReadOnlyList<string> Unstage(string schema)
    {
        string Summed(string table, string[] key, string value) => $"""
            insert into {schema}.{table} ({string.Join(", ", key)}, {value})
            select {string.Join(", ", key)}, sum({value}) from pg_temp.{table} group by {string.Join(", ", key.Select((_, i) => i + 1))}
            """;
        return
        [
            $"""
            insert into {schema}.{ActivityTable} ({string.Join(", ", ActivityKey)}, {string.Join(", ", Measures.Select(m => m.Column))})
            {Rows($"pg_temp.{UnitDays}")}
            """,
            Summed(ProsecutionTable, ProsecutionKey, "cases"),
            Summed(CommendationTable, CommendationKey, "commendations"),
        ];
    }

    /// <summary>The staged commune-level day rows: an activity's unit, its district and province as recorded, its dates and model.</summary>
    private const string UnitDays = "statistics_unit_days";

    private static readonly string[] UnitDayKey =
        ["province", "district", "scope", "unit_code", "day", "recorded_on", "effective_from", "model_type", "lead", "program"];

    private static string ColumnType(string column) => column switch
    {
        "level" => "smallint",
        "day" or "recorded_on" or "effective_from" or "detected_on" or "prosecuted_on" => "date",
        _ => "text",
    };

    /// <summary>
    /// The activity rows summed from commune-level day rows (<paramref name="units"/>: an activity's unit, its district
    /// and province as recorded, its dates, its model's type, lead organisation and program, its measures): each is
    /// added to its unit version and its province by day and by month, and to its district by month only (a
    /// district's days are its units' day rows). A month row's recorded day is the later of the real one and the
    /// month's last day. Province and district rows are keyed by what their queries filter on (model type); a unit's
    /// also by lead organisation and program.
    /// </summary>
    private static string Rows(string units)
    {
        var sums = string.Join(", ", Measures.Select(m => $"sum({m.Column})"));
        static string AtUnit(string value) => $"case when lv.level = {UnitVersion} then {value} else '' end";
        return $"""
            select lv.level, lv.scope, g.grain, {GrainDay("u")}, {GrainRecorded("u")}, u.effective_from, u.model_type, {AtUnit("u.lead")}, {AtUnit("u.program")}, lv.unit_code, lv.district, {sums}
            from {units} u
            cross join lateral (values ({Province}::smallint, u.province, '', ''), ({District}::smallint, u.district, '', ''),
              ({UnitVersion}::smallint, u.scope, u.unit_code, u.district)) as lv(level, scope, unit_code, district)
            cross join (values ('d'), ('m')) as g(grain)
            where lv.scope <> '' and (lv.level <> {District} or g.grain = 'm')
            group by 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11
            """;
    }

    /// <summary>A row's day at its grain (<c>g.grain</c>): the business day, or its month's first day.</summary>
    private static string GrainDay(string row) => $"case g.grain when 'd' then {row}.day else {MonthStart($"{row}.day")} end";

    /// <summary>A row's recorded day at its grain: the real one, or for a month the later of it and the month's last
    /// day, so a month known in full folds into one row.</summary>
    private static string GrainRecorded(string row) =>
        $"case g.grain when 'd' then {row}.recorded_on else greatest({row}.recorded_on, ({MonthStart($"{row}.day")} + interval '1 month - 1 day')::date) end";

    private static string Statement(string schema, string from, string to, bool staged)
    {
        var events = $"{schema}.mt_events";
        string Into(string table) => staged ? $"pg_temp.{table}" : $"{schema}.{table}";
        string Adding(string[] key, IEnumerable<string> values) => staged ? "" :
            $"on conflict ({string.Join(", ", key)}) do update set {string.Join(", ", values.Select(v => $"{v} = t.{v} + excluded.{v}"))}";
        var measureColumns = Measures.Select(m => m.Column).ToList();
        var levels = $"""
            cross join lateral (values ({Province}::smallint, f.unit->>'provinceCode', ''), ({District}::smallint, f.unit->>'districtCode', ''),
              ({UnitVersion}::smallint, f.unit->>'unitVersionId', f.unit->>'code')) as lv(level, scope, unit_code)
            """;
        const string Grains = "cross join (values ('d'), ('m')) as g(grain)";
        var activity = staged
            ? $"insert into {Into(UnitDays)} ({string.Join(", ", UnitDayKey)}, {string.Join(", ", measureColumns)}) select {string.Join(", ", UnitDayKey)}, {string.Join(", ", measureColumns)} from u"
            : $"""
              insert into {Into(ActivityTable)} as t ({string.Join(", ", ActivityKey)}, {string.Join(", ", measureColumns)})
              {Rows("u")}
              {Adding(ActivityKey, measureColumns)}
              """;
        return $"""
            with r as (select {from}::bigint as first_seq, {to}::bigint as last_seq),
            f as (
              select e.stream_id, e.data->'unit' as unit, {ByType(s => s.Day, "null::date")} as day,
                case when part.sign = 1 then {RecordedDay("e")}
                  -- The replaced fact stops counting once both it and its amendment are known.
                  else greatest({RecordedDay("e")}, s.recorded_on) end as recorded_on,
                case when e.type in ('record_corrected', 'record_retracted')
                  then coalesce(e.data->>'correctedOn', e.data->>'retractedOn')::date else '-infinity'::date end as effective_from,
                {MeasureValues()}
              from r join {events} e on e.seq_id >= r.first_seq and e.seq_id <= r.last_seq
              cross join (values (1), (-1)) as part(sign)
              cross join lateral (select case when part.sign = 1 then e.data->'now' else e.data->'was' end as counts) a
              left join lateral (
                select {RecordedDay("s")} as recorded_on from {events} s
                where part.sign = -1 and s.stream_id = e.stream_id
                  and ((e.data->>'supersededFactId' = e.data->>'recordId'
                        and s.id = coalesce(e.data->>'correctedEventId', e.data->>'retractedEventId')::uuid)
                    or (s.type = 'record_corrected' and s.data->>'correctionId' = e.data->>'supersededFactId'))
                limit 1) s on true
              where e.is_archived = false
                and e.type in ({string.Join(", ", Sources.Select(s => $"'{s.Type}'"))})
                and ((part.sign = 1 and e.type <> 'record_retracted') or (part.sign = -1 and e.type in ('record_corrected', 'record_retracted')))
            ),
            -- A model's registration, looked up once per stream of the range.
            models as (
              select st.stream_id, coalesce(m.data->>'modelType', '') as model_type, coalesce(m.data->>'leadOrganisation', '') as lead,
                coalesce(m.data->>'programId', '') as program
              from (select distinct stream_id from f) st
              left join lateral (
                select data from {events} m where m.stream_id = st.stream_id and m.version = 1 and m.type = 'model_registered') m on true
            ),
            -- The range's commune-level day rows: staged as they are, or summed by Rows.
            u as (
              select coalesce(f.unit->>'provinceCode', '') as province, coalesce(f.unit->>'districtCode', '') as district,
                f.unit->>'unitVersionId' as scope, f.unit->>'code' as unit_code, f.day, f.recorded_on, f.effective_from,
                m.model_type, m.lead, m.program, {string.Join(", ", measureColumns)}
              from f join models m on m.stream_id = f.stream_id
            ),
            ev as (
              select e.stream_id, e.type, e.data, {RecordedDay("e")} as recorded_on
              from r join {events} e on e.seq_id >= r.first_seq and e.seq_id <= r.last_seq
              where e.type in ('case_prosecuted', 'commendation_granted') and e.is_archived = false
            ),
            -- Data-modifying CTEs run to completion whether or not the outer statement reads them.
            prosecutions as (
              insert into {Into(ProsecutionTable)} as t ({string.Join(", ", ProsecutionKey)}, cases)
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
              {Adding(ProsecutionKey, ["cases"])}
            ),
            commendations as (
              insert into {Into(CommendationTable)} as t ({string.Join(", ", CommendationKey)}, commendations)
              select lv.level, lv.scope, g.grain, {GrainDay("f")}, {GrainRecorded("f")}, f.form, f.issuer, f.program, lv.unit_code, count(*)
              from (
                select data->'unit' as unit, (data->>'decisionDate')::date as day, recorded_on, data->>'form' as form,
                  data->>'issuer' as issuer, coalesce(data->>'programId', '') as program
                from ev where type = 'commendation_granted'
              ) f {levels} {Grains}
              where lv.scope is not null
              group by 1, 2, 3, 4, 5, 6, 7, 8, 9
              {Adding(CommendationKey, ["commendations"])}
            )
            {activity}
            """;
    }
}
