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
/// projection) from the event log. The activity rows are rebuilt inside PostgreSQL: the tables are emptied and the
/// projection's own statement (<see cref="ActivityRows.Apply"/>) runs over large sequence ranges, each range committed
/// with the projection's progress, so no event is loaded into .NET and memory does not grow with the history; an
/// interrupted rebuild leaves rows and progress that agree, and the daemon carries on from there. The other
/// projections are rebuilt by Marten's daemon. Marten's own <c>projections rebuild</c> also rebuilds the inline
/// snapshots (models, units, officials…), which the write side keeps current with their events. Refused while a
/// service runs the daemon (<see cref="ProjectionsLock"/>). Progress, parsed by ops/bench, one line at least every 2 s:
/// <c>rebuild-statistics: &lt;read model&gt; &lt;processed&gt;/&lt;total&gt; events</c>, then
/// <c>rebuild-statistics: done &lt;total&gt; events in &lt;seconds&gt; s</c>.
/// </summary>
[Description("Rebuild the statistics read models (every asynchronous projection) from the events", Name = "rebuild-statistics")]
public sealed class RebuildStatisticsCommand : JasperFxAsyncCommand<RebuildStatisticsInput>
{
    /// <summary>Events per statement: large enough that PostgreSQL's set-based insert dominates, small enough to report often.</summary>
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
            var activity = Stopwatch.StartNew();
            await RebuildActivity(store, total, processed => { lock (progress) progress[ReadModelNames.Activity] = processed; }, ct);
            var rebuilt = new List<(string, TimeSpan)> { (ReadModelNames.Activity, activity.Elapsed) };

            var names = store.Options.Events.Projections()
                .Where(p => p.Lifecycle == ProjectionLifecycle.Async && p.Name != ReadModelNames.Activity).Select(p => p.Name).ToList();
            lock (progress)
            {
                foreach (var name in names)
                {
                    progress[name] = 0;
                }
            }
            using var daemon = await store.BuildProjectionDaemonAsync();
            rebuilt.AddRange(await Task.WhenAll(names.Select(async name =>
            {
                var took = Stopwatch.StartNew();
                await daemon.RebuildProjectionAsync(name, timeout, ct);
                return (name, took.Elapsed);
            })));
            await daemon.StopAllAsync();
            return rebuilt;
        }
        finally
        {
            await report.CancelAsync();
            await reporting;
        }
    }

    /// <summary>Empties the activity tables and runs the projection's statement range by range, each range committed
    /// with the projection's progress row.</summary>
    private static async Task RebuildActivity(IDocumentStore store, long total, Action<long> processed, CancellationToken ct)
    {
        var schema = store.Options.DatabaseSchemaName;
        var shard = $"{ReadModelNames.Activity}:All";
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        async Task InTransaction(NpgsqlBatchCommand work, long to)
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await using var batch = new NpgsqlBatch(connection, transaction) { Timeout = 0 };
            // A range's rows are grouped in memory (hash aggregate) rather than sorted on disk.
            batch.BatchCommands.Add(new NpgsqlBatchCommand("set local work_mem = '256MB'"));
            batch.BatchCommands.Add(work);
            batch.BatchCommands.Add(new NpgsqlBatchCommand(Progress(store)) { Parameters = { new() { Value = shard }, new() { Value = to } } });
            await batch.ExecuteNonQueryAsync(ct);
            await transaction.CommitAsync(ct);
        }

        var tables = string.Join(", ", new[] { ActivityRows.ActivityTable, ActivityRows.ProsecutionTable, ActivityRows.CommendationTable }.Select(t => $"{schema}.{t}"));
        await InTransaction(new NpgsqlBatchCommand($"truncate {tables}"), 0);
        processed(0);
        for (var from = 1L; from <= total; from += RangeSize)
        {
            var to = Math.Min(from + RangeSize - 1, total);
            await InTransaction(new NpgsqlBatchCommand(ActivityRows.Apply(schema, "$1", "$2")) { Parameters = { new() { Value = from }, new() { Value = to } } }, to);
            processed(to);
        }
    }

    /// <summary>Sets a projection's progress row ($1 its shard name, $2 the last sequence applied).</summary>
    private static string Progress(IDocumentStore store) => $"""
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
