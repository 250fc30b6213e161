using System.Diagnostics;
using System.Globalization;
using EventSourced.Api.Modules.Statistics.Measures;
using JasperFx.CommandLine;
using JasperFx.Events.Projections;
using Marten;
using Npgsql;

namespace EventSourced.Api.Modules.Statistics;

/// <summary>What <c>rebuild-statistics</c> takes.</summary>
public sealed class RebuildStatisticsInput : NetCoreInput
{
    [Description("Give up when a projection has not caught up with the events within this many minutes (default 240)")]
    public int TimeoutFlag { get; set; } = 240;
}

/// <summary>
/// <c>dotnet EventSourced.Api.dll rebuild-statistics</c>: rebuilds the statistics read models (every asynchronous
/// projection) from the event log. The activity rows are rebuilt inside PostgreSQL: the tables are emptied, the
/// projection's own statement in its staging form (<see cref="ActivityRows.Stage"/>) appends each large sequence
/// range's commune-level day rows to session tables, and one transaction sums them into the tables, builds their
/// indexes and sets the progress; no event is loaded into .NET and memory does not grow with the history. An
/// interrupted rebuild leaves empty tables at progress 0, which the daemon fills again. The other
/// projections are rebuilt by Marten's daemon at the same time. Marten's own <c>projections rebuild</c> also rebuilds the inline
/// snapshots (models, units, officials…), which the write side keeps current with their events. Refused while a
/// service runs the daemon (<see cref="ProjectionsLock"/>). Progress, parsed by ops/bench, one line at least every 2 s:
/// <c>rebuild-statistics: &lt;read model&gt; &lt;processed&gt;/&lt;total&gt; events</c>, then
/// <c>rebuild-statistics: done &lt;total&gt; events in &lt;seconds&gt; s</c>.
/// </summary>
[Description("Rebuild the statistics read models (every asynchronous projection) from the events", Name = "rebuild-statistics")]
public sealed class RebuildStatisticsCommand : JasperFxAsyncCommand<RebuildStatisticsInput>
{
    /// <summary>Events per staging statement: large enough that PostgreSQL's set-based insert dominates, small enough to report often.</summary>
    public const long RangeSize = 250_000;

    public override async Task<bool> Execute(RebuildStatisticsInput input)
    {
        using var host = input.BuildHost();
        return await Run(host.Services.GetRequiredService<IDocumentStore>(), Console.Out, TimeSpan.FromMinutes(input.TimeoutFlag), CancellationToken.None);
    }

    /// <summary>Takes the projections' lock and rebuilds, or refuses (false) while another process owns the projections.</summary>
    public static async Task<bool> Run(IDocumentStore store, TextWriter output, TimeSpan timeout, CancellationToken ct)
    {
        await using var owned = await ProjectionsLock.TryTake(store, ct);
        if (owned is null)
        {
            await output.WriteLineAsync(
                $"rebuild-statistics: refused: a running service's daemon (or another rebuild) owns the projections of schema " +
                $"{store.Options.DatabaseSchemaName}; stop it and run again.");
            return false;
        }
        var took = Stopwatch.StartNew();
        var rebuilt = await Rebuild(store, timeout, ct, output);
        var total = await LastSequence(store, ct);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"rebuild-statistics: done {total} events in {took.Elapsed.TotalSeconds:0.0} s"));
        return rebuilt.Count > 0;
    }

    /// <summary>Rebuilds the asynchronous projections: the activity rows in PostgreSQL, the others side by side with
    /// Marten's daemon; returns how long each took. The caller owns the projections (<see cref="Run"/>).</summary>
    public static async Task<IReadOnlyList<(string Projection, TimeSpan Took)>> Rebuild(
        IDocumentStore store, TimeSpan timeout, CancellationToken ct, TextWriter? output = null)
    {
        var total = await LastSequence(store, ct);
        var progress = new Dictionary<string, long>();
        using var report = new CancellationTokenSource();
        var reporting = Report(store, output, progress, total, report.Token);
        try
        {
            var names = store.Options.Events.Projections()
                .Where(p => p.Lifecycle == ProjectionLifecycle.Async && p.Name != ReadModelNames.Activity).Select(p => p.Name).ToList();
            lock (progress)
            {
                foreach (var name in names)
                {
                    progress[name] = 0;
                }
            }
            // The activity rows are summed by PostgreSQL on one connection while the daemon rebuilds the others beside
            // it: they share no table, and each keeps a core busy.
            var activity = Task.Run(async () =>
            {
                var took = Stopwatch.StartNew();
                await RebuildActivity(store, total, processed => { lock (progress) progress[ReadModelNames.Activity] = processed; }, ct);
                return (ReadModelNames.Activity, took.Elapsed);
            }, ct);
            using var daemon = await store.BuildProjectionDaemonAsync();
            try
            {
                return await Task.WhenAll([activity, .. names.Select(async name =>
                {
                    var took = Stopwatch.StartNew();
                    await daemon.RebuildProjectionAsync(name, timeout, ct);
                    return (name, took.Elapsed);
                })]);
            }
            finally
            {
                await daemon.StopAllAsync();
            }
        }
        finally
        {
            await report.CancelAsync();
            await reporting;
        }
    }

    /// <summary>
    /// Empties the activity tables (progress 0, committed), stages every range's rows in session tables, then in one
    /// transaction sums them into the tables with their indexes set aside and built again afterwards, and sets the
    /// progress to the last event. An interrupted rebuild leaves empty tables at progress 0, which the daemon fills.
    /// </summary>
    private static async Task RebuildActivity(IDocumentStore store, long total, Action<long> processed, CancellationToken ct)
    {
        var schema = store.Options.DatabaseSchemaName;
        var shard = $"{ReadModelNames.Activity}:All";
        var tables = ActivityRows.TableNames.Select(t => $"{schema}.{t}").ToArray();
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        async Task Run(NpgsqlTransaction? transaction, IEnumerable<NpgsqlBatchCommand> work)
        {
            await using var batch = new NpgsqlBatch(connection, transaction) { Timeout = 0 };
            foreach (var command in work)
            {
                batch.BatchCommands.Add(command);
            }
            await batch.ExecuteNonQueryAsync(ct);
        }
        NpgsqlBatchCommand Progress(long to) => new(ProgressRow(store)) { Parameters = { new() { Value = shard }, new() { Value = to } } };

        await using (var emptied = await connection.BeginTransactionAsync(ct))
        {
            await Run(emptied, [new($"truncate {string.Join(", ", tables)}"), Progress(0)]);
            await emptied.CommitAsync(ct);
        }
        processed(0);
        try
        {
            await Run(null, ActivityRows.StageTables(schema).Select(sql => new NpgsqlBatchCommand(sql)));
            for (var from = 1L; from <= total; from += RangeSize)
            {
                var to = Math.Min(from + RangeSize - 1, total);
                await Run(null, [new(ActivityRows.Stage(schema, "$1", "$2")) { Parameters = { new() { Value = from }, new() { Value = to } } }]);
                processed(to);
            }

            var indexes = await Indexes(connection, tables, ct);
            await using var summed = await connection.BeginTransactionAsync(ct);
            await Run(summed, [
                // The sums are grouped in memory (hash aggregates: two million commune-level day rows fit in 512 MB)
                // and each index built in one sort.
                new("set local work_mem = '512MB'"), new("set local maintenance_work_mem = '256MB'"),
                .. indexes.Select(i => new NpgsqlBatchCommand(i.Drop)),
                .. ActivityRows.Unstage(schema).Select(sql => new NpgsqlBatchCommand(sql)),
                .. indexes.Select(i => new NpgsqlBatchCommand(i.Create)),
                Progress(total)]);
            await summed.CommitAsync(ct);
        }
        finally
        {
            await Run(null, [new(ActivityRows.DropStageTables)]);
        }
    }

    /// <summary>The indexes of the tables (primary keys as their constraints), as PostgreSQL defines them: loading an
    /// empty table and building its indexes after is several times faster than keeping them up to date row by row.</summary>
    private static async Task<IReadOnlyList<(string Drop, string Create)>> Indexes(NpgsqlConnection connection, string[] tables, CancellationToken ct)
    {
        await using var query = new NpgsqlCommand("""
            select case when c.conname is null then format('drop index %s', i.indexrelid::regclass)
                     else format('alter table %s drop constraint %I', i.indrelid::regclass, c.conname) end,
                   case when c.conname is null then pg_get_indexdef(i.indexrelid)
                     else format('alter table %s add constraint %I %s', i.indrelid::regclass, c.conname, pg_get_constraintdef(c.oid)) end
            from pg_index i left join pg_constraint c on c.conindid = i.indexrelid and c.contype in ('p', 'u')
            where i.indrelid = any($1::text[]::regclass[])
            """, connection);
        query.Parameters.AddWithValue(tables);
        var indexes = new List<(string, string)>();
        await using var reader = await query.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            indexes.Add((reader.GetString(0), reader.GetString(1)));
        }
        return indexes;
    }

    /// <summary>Sets a projection's progress row ($1 its shard name, $2 the last sequence applied).</summary>
    private static string ProgressRow(IDocumentStore store) => $"""
        insert into {store.Options.Events.DatabaseSchemaName}.mt_event_progression (name, last_seq_id, last_updated)
        values ($1, $2, now())
        on conflict (name) do update set last_seq_id = excluded.last_seq_id, last_updated = excluded.last_updated
        """;

    private static async Task<long> LastSequence(IDocumentStore store, CancellationToken ct)
    {
        await using var session = store.QuerySession();
        return (await session.QueryAsync<long>($"select coalesce(max(seq_id), 0) from {store.Options.Events.DatabaseSchemaName}.mt_events", ct)).Single();
    }

    /// <summary>A line per read model every second: the activity's from its ranges, the others' from the daemon's progress rows.</summary>
    private static async Task Report(IDocumentStore store, TextWriter? output, Dictionary<string, long> progress, long total, CancellationToken stop)
    {
        if (output is null)
        {
            return;
        }
        async Task Print()
        {
            KeyValuePair<string, long>[] now;
            lock (progress)
            {
                now = [.. progress];
            }
            var daemonRows = (await store.Advanced.AllProjectionProgress(token: CancellationToken.None)).ToDictionary(p => p.ShardName, p => p.Sequence);
            foreach (var (name, processed) in now)
            {
                var at = name == ReadModelNames.Activity ? processed : daemonRows.GetValueOrDefault($"{name}:All");
                await output.WriteLineAsync($"rebuild-statistics: {name} {Math.Min(at, total)}/{total} events");
            }
        }
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                await Print();
            }
        }
        catch (OperationCanceledException)
        {
        }
        await Print();
    }
}
