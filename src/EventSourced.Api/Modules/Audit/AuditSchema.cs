using EventSourced.Api.Infrastructure;
using Weasel.Core;
using Weasel.Core.Migrations;
using Weasel.Postgresql;
using Weasel.Postgresql.Functions;
using Weasel.Postgresql.Tables;
using Weasel.Postgresql.Triggers;

namespace EventSourced.Api.Modules.Audit;

/// <summary>
/// The audit's tables and triggers, created with Marten's own (db-apply in Production), after the event tables.
/// Tamper evidence: every event is chained to the previous event of its stream by a SHA-256 hash over its canonical
/// form (<see cref="EventChain.Canonical"/>), computed inside PostgreSQL by a trigger on <c>mt_events</c> as the row is inserted,
/// in the appending transaction. A trigger rather than .NET code because Marten's quick append assigns versions (and
/// the recorded timestamp) inside PostgreSQL: the database is the only place that sees the final row, whichever append
/// mode wrote it. The chain lives in its own append-only table beside the events; heads are copied periodically into
/// an append-only checkpoint table (<see cref="ChainCheckpoints"/>), so rewriting the events and the chain together
/// still disagrees with the checkpoints. docs/audit.md gives the canonical form, the threat model and the cost.
/// </summary>
public sealed class AuditSchema(StoreOptionsSchema schema) : FeatureSchemaBase("audit", new PostgresqlMigrator())
{
    // The append-only tables are named where the database roles can see them (DatabaseRoles.AppendOnlyTables).
    public const string ChainTable = DatabaseRoles.AuditChainTable;
    public const string CheckpointTable = DatabaseRoles.AuditCheckpointTable;
    public const string HashFunction = "audit_event_hash";
    public const string AccessLogTable = DatabaseRoles.AuditAccessLogTable;

    private PostgresqlObjectName Name(string name, SchemaUtils.IdentifierUsage usage = SchemaUtils.IdentifierUsage.General) =>
        new(schema.Name, name, usage);

    protected override IEnumerable<ISchemaObject> schemaObjects()
    {
        var s = schema.Name;
        var chain = new Table(Name(ChainTable));
        chain.AddColumn<long>("seq_id").AsPrimaryKey();
        chain.AddColumn<Guid>("stream_id").NotNull();
        chain.AddColumn<long>("version").NotNull();
        chain.AddColumn<string>("hash").NotNull();
        chain.AddColumn<string>("previous_hash");
        // What the event concerns, taken from its unit snapshot once, so a unit's history is an index scan.
        chain.AddColumn<Guid>("unit_version_id");
        chain.AddColumn<string>("district_code");
        chain.AddColumn<string>("province_code");
        chain.AddColumn<DateTimeOffset>("chained_at").DefaultValueByExpression("now()").NotNull();
        chain.Indexes.Add(new IndexDefinition($"ux_{ChainTable}_stream_version") { Columns = ["stream_id", "version"], IsUnique = true });
        chain.Indexes.Add(new IndexDefinition($"ix_{ChainTable}_unit") { Columns = ["unit_version_id", "seq_id"], Predicate = "unit_version_id is not null" });
        chain.Indexes.Add(new IndexDefinition($"ix_{ChainTable}_district") { Columns = ["district_code", "seq_id"], Predicate = "district_code is not null" });
        chain.Indexes.Add(new IndexDefinition($"ix_{ChainTable}_province") { Columns = ["province_code", "seq_id"], Predicate = "province_code is not null" });
        yield return chain;

        var checkpoints = new Table(Name(CheckpointTable));
        checkpoints.AddColumn("checkpoint_id", "bigserial").AsPrimaryKey();
        checkpoints.AddColumn<DateTimeOffset>("taken_at").NotNull();
        checkpoints.AddColumn<long>("through_seq").NotNull();
        checkpoints.AddColumn<Guid>("stream_id").NotNull();
        checkpoints.AddColumn<long>("version").NotNull();
        checkpoints.AddColumn<string>("hash").NotNull();
        checkpoints.Indexes.Add(new IndexDefinition($"ix_{CheckpointTable}_stream") { Columns = ["stream_id", "version"] });
        yield return checkpoints;

        yield return new Function(Name("audit_instant", SchemaUtils.IdentifierUsage.Function), $$"""
            CREATE OR REPLACE FUNCTION {{s}}.audit_instant(p timestamp with time zone)
             RETURNS character varying
             LANGUAGE sql
             IMMUTABLE
            AS $function$
                SELECT to_char(p AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
            $function$;
            """);

        yield return new Function(Name(HashFunction, SchemaUtils.IdentifierUsage.Function), $$"""
            CREATE OR REPLACE FUNCTION {{s}}.{{HashFunction}}(p_stream uuid, p_version bigint, p_type character varying, p_id uuid, p_recorded timestamp with time zone, p_user character varying, p_correlation character varying, p_causation character varying, p_headers jsonb, p_data jsonb, p_previous character varying)
             RETURNS character varying
             LANGUAGE sql
             STABLE
            AS $function$
                SELECT encode(sha256(convert_to(
                    '{{EventChain.Version}}' || chr(10)
                    || 'stream:' || p_stream::text || chr(10)
                    || 'version:' || p_version::text || chr(10)
                    || 'type:' || p_type || chr(10)
                    || 'id:' || p_id::text || chr(10)
                    || 'recorded:' || {{s}}.audit_instant(p_recorded) || chr(10)
                    || 'user:' || coalesce(p_user, '') || chr(10)
                    || 'correlation:' || coalesce(p_correlation, '') || chr(10)
                    || 'causation:' || coalesce(p_causation, '') || chr(10)
                    || 'headers:' || coalesce(p_headers::text, '') || chr(10)
                    || 'data:' || p_data::text || chr(10)
                    || 'previous:' || coalesce(p_previous, ''), 'UTF8')), 'hex')
            $function$;
            """);

        // One event's link, written by the trigger as events are appended and by the backfill for older ones.
        yield return new Function(Name("audit_chain_link", SchemaUtils.IdentifierUsage.Function), $$"""
            CREATE OR REPLACE FUNCTION {{s}}.audit_chain_link(e {{s}}.mt_events)
             RETURNS void
             LANGUAGE plpgsql
            AS $function$
            DECLARE
                previous varchar;
                unit jsonb := e.data -> 'unit';
            BEGIN
                -- The link before is the stream's latest; the stream row lock taken by every append makes it final.
                SELECT c.hash INTO previous FROM {{s}}.{{ChainTable}} c
                    WHERE c.stream_id = e.stream_id AND c.version < e.version ORDER BY c.version DESC LIMIT 1;
                INSERT INTO {{s}}.{{ChainTable}} (seq_id, stream_id, version, hash, previous_hash, unit_version_id, district_code, province_code)
                VALUES (e.seq_id, e.stream_id, e.version,
                    {{s}}.{{HashFunction}}(e.stream_id, e.version, e.type, e.id, e.timestamp, e.user_name,
                        e.correlation_id, e.causation_id, e.headers, e.data, previous),
                    previous,
                    CASE WHEN e.type IN ('unit_version_registered', 'unit_version_retired') THEN e.stream_id
                         ELSE (unit ->> 'unitVersionId')::uuid END,
                    unit ->> 'districtCode',
                    coalesce(unit ->> 'provinceCode', e.data ->> 'provinceCode'));
            END
            $function$;
            """);

        yield return new Function(Name("audit_chain_event", SchemaUtils.IdentifierUsage.Function), $$"""
            CREATE OR REPLACE FUNCTION {{s}}.audit_chain_event()
             RETURNS trigger
             LANGUAGE plpgsql
            AS $function$
            BEGIN
                PERFORM {{s}}.audit_chain_link(NEW);
                RETURN NULL;
            END
            $function$;
            """);

        // Events recorded before the chain was installed: chained once, in the ledger's order, by `audit-backfill`.
        yield return new Function(Name("audit_chain_backfill", SchemaUtils.IdentifierUsage.Function), $$"""
            CREATE OR REPLACE FUNCTION {{s}}.audit_chain_backfill()
             RETURNS bigint
             LANGUAGE plpgsql
            AS $function$
            DECLARE
                e {{s}}.mt_events;
                chained bigint := 0;
            BEGIN
                FOR e IN SELECT m.* FROM {{s}}.mt_events m
                         WHERE m.type <> 'tombstone' AND NOT EXISTS (SELECT 1 FROM {{s}}.{{ChainTable}} c WHERE c.seq_id = m.seq_id)
                         ORDER BY m.seq_id
                LOOP
                    PERFORM {{s}}.audit_chain_link(e);
                    chained := chained + 1;
                END LOOP;
                RETURN chained;
            END
            $function$;
            """);

        yield return new Function(Name("audit_refuse_change", SchemaUtils.IdentifierUsage.Function), $$"""
            CREATE OR REPLACE FUNCTION {{s}}.audit_refuse_change()
             RETURNS trigger
             LANGUAGE plpgsql
            AS $function$
            BEGIN
                RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP;
            END
            $function$;
            """);

        // Marten writes tombstones (placeholders for sequence numbers of failed appends) to a stream of its own.
        yield return new Trigger(Name("audit_chain_on_append"), Name("mt_events"), $"{s}.audit_chain_event()")
        {
            Timing = TriggerTiming.After,
            Events = TriggerEvents.Insert,
            // Written as pg_get_triggerdef renders it, so db-assert finds no difference.
            Condition = "((new.type)::text <> 'tombstone'::text)",
        };
        var accessLog = new Table(Name(AccessLogTable));
        accessLog.AddColumn("entry_id", "bigserial").AsPrimaryKey();
        accessLog.AddColumn<DateTimeOffset>("at").DefaultValueByExpression("now()").NotNull();
        accessLog.AddColumn<string>("subject");
        accessLog.AddColumn<string>("client_system");
        accessLog.AddColumn<string>("action").NotNull();
        accessLog.AddColumn<string>("resource").NotNull();
        accessLog.AddColumn<string>("correlation_id");
        // Entries written before refusals were logged were all answered.
        accessLog.AddColumn<string>("outcome").DefaultValueByExpression("'GRANTED'").NotNull();
        accessLog.Indexes.Add(new IndexDefinition($"ix_{AccessLogTable}_subject") { Columns = ["subject", "entry_id"] });
        yield return accessLog;

        foreach (var table in new[] { ChainTable, CheckpointTable, AccessLogTable })
        {
            // One event per trigger: PostgreSQL renders several in its own order, and Weasel compares renderings.
            foreach (var (suffix, events, rowLevel) in new[] { ("no_update", TriggerEvents.Update, true), ("no_delete", TriggerEvents.Delete, true), ("no_truncate", TriggerEvents.Truncate, false) })
            {
                yield return new Trigger(Name($"{table}_{suffix}"), Name(table), $"{s}.audit_refuse_change()")
                {
                    Timing = TriggerTiming.Before,
                    Events = events,
                    ForEachRow = rowLevel,
                };
            }
        }
    }
}

/// <summary>The store's schema, for schema objects that live beside Marten's tables.</summary>
public sealed record StoreOptionsSchema(string Name);
