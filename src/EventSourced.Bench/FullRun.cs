using Npgsql;

namespace EventSourced.Bench;

/// <summary>
/// The whole benchmark in one run on fresh schemas: PostgreSQL's ceilings, then the service over HTTP (appends,
/// reads, projection lag), a bulk load through the command handlers, and a rebuild of every async projection, each
/// figure beside the ceiling it is measured against.
/// </summary>
public static class FullRun
{
    private const int AsyncProjections = 3; // ModelTimeline, ActivityFacts, CatalogueTimeline

    public static async Task Run(BenchSettings settings)
    {
        var connectionString = BenchDatabase.ConnectionString;
        var id = Guid.NewGuid().ToString("N")[..8];
        var (rawSchema, serviceSchema) = ($"bench_raw_{id}", $"bench_svc_{id}");
        var keyPath = BenchDatabase.TokenKeyPath;
        var report = new Report(settings);
        await using var service = new ServiceProcess(connectionString, serviceSchema, keyPath, 5600 + Random.Shared.Next(300));
        try
        {
            Console.WriteLine("PostgreSQL ceilings (Npgsql, table shaped like mt_events)");
            var raw = new Ceilings(connectionString, rawSchema, settings);
            await raw.Create();
            var singleInsert = await raw.SingleRowInsertsPerSecond();
            report.Ceiling($"single-row INSERT tx/s ({settings.Clients} clients)", singleInsert, "tx/s");
            report.Ceiling("100-row INSERT rows/s (4 clients)", await raw.MultiRowInsertRowsPerSecond(), "rows/s");
            var copy = await raw.CopyRowsPerSecond();
            report.Ceiling($"COPY rows/s ({settings.CopyRows:N0} rows)", copy, "rows/s");
            var pkSelect = await raw.PrimaryKeySelectsPerSecond();
            report.Ceiling($"primary-key SELECT/s ({settings.Clients} clients)", pkSelect, "/s");

            Console.WriteLine("The service over HTTP/1.1 keep-alive (Release, Production settings)");
            await service.Prepare();
            await service.Start();
            var models = await HttpLoad.RegisterModels(service, 200);
            var probe = (await HttpLoad.RegisterModels(service, 1))[0];
            // Steady state is what the targets are about: a few unmeasured seconds first, so the measured phases do not
            // include the JIT's first tiers, Marten's and Wolverine's first-use code generation or cold pools.
            var warmUp = TimeSpan.FromSeconds(3);
            await HttpLoad.Patrols(service, models, settings.Clients, warmUp);
            await HttpLoad.ModelReads(service, models, settings.Clients, warmUp);
            using var stopProbe = new CancellationTokenSource();
            var lagTask = HttpLoad.ProbeLag(service, connectionString, serviceSchema, probe, stopProbe.Token);
            var profile = await Profile.Start(connectionString, service.ProcessId!.Value);
            var patrols = await HttpLoad.Patrols(service, models, settings.Clients, settings.Duration);
            report.Notes("RecordPatrol", await profile.Stop(patrols.Requests));
            await stopProbe.CancelAsync();
            var lags = await lagTask;
            report.Ratio($"RecordPatrol appends/s ({settings.Clients} clients)", patrols.PerSecond, "/s", "single-row INSERT", singleInsert, 0.5);
            report.Info("RecordPatrol p50", patrols.P50, "ms");
            report.Info("RecordPatrol p95", patrols.P95, "ms");
            report.AtMost("RecordPatrol p99", patrols.P99, "ms", 25);
            var lag = LoadResult.Of(lags, 0, TimeSpan.FromSeconds(1));
            report.Info("projection lag p50 (append → ActivityFacts)", lag.P50, "ms");
            report.AtMost("projection lag p99 (append → ActivityFacts)", lag.P99, "ms", 1000);

            profile = await Profile.Start(connectionString, service.ProcessId!.Value);
            var reads = await HttpLoad.ModelReads(service, models, settings.Clients, settings.Duration);
            report.Notes("GET model", await profile.Stop(reads.Requests));
            report.Ratio($"GET model reads/s ({settings.Clients} clients)", reads.PerSecond, "/s", "primary-key SELECT", pkSelect, 0.5);
            report.Info("GET model p50", reads.P50, "ms");
            report.AtMost("GET model p99", reads.P99, "ms", 10);
            var statistics = await HttpLoad.Reads(service, () => "/api/v1/provinces/79/statistics", settings.Clients, settings.Duration);
            report.Info($"GET province statistics reads/s ({patrols.Requests:N0} shifts in the province)", statistics.PerSecond, "/s");
            report.Info("GET province statistics p50", statistics.P50, "ms");
            report.Info("GET province statistics p99", statistics.P99, "ms");

            // The bulk load comes in two halves with a rebuild after each, so the rebuild's memory is measured at N/2
            // and N events in one run (flat means the larger peaks within 10 % of the smaller).
            Console.WriteLine($"Bulk load of {settings.BulkEvents:N0} events through the command handlers (RecordPatrols, 200 per request, 4 clients)");
            await service.Stop();
            await service.Start(); // peak memory of the bulk load alone
            var bulkModels = await HttpLoad.RegisterModels(service, (int)Math.Max(100, settings.BulkEvents / 1000));
            var half = settings.BulkEvents / 2;
            profile = await Profile.Start(connectionString, service.ProcessId!.Value);
            var (firstHalf, firstElapsed) = await HttpLoad.Bulk(service, bulkModels, half);
            report.Notes("bulk load (per event)", await profile.Stop(firstHalf));
            await service.Stop();
            var eventsAtHalf = await Count(connectionString, serviceSchema);
            var (_, halfPeak, _) = await service.RunToEnd("rebuild-statistics");

            await service.Start();
            var (secondHalf, secondElapsed) = await HttpLoad.Bulk(service, bulkModels, settings.BulkEvents - half);
            var bulkPeak = Memory.PeakBytes(service.ProcessId!.Value);
            report.Ratio($"bulk load events/s ({firstHalf + secondHalf:N0} events)", (firstHalf + secondHalf) / (firstElapsed + secondElapsed).TotalSeconds, "events/s", "COPY", copy, 0.5);
            report.AtMost("service peak working set during bulk load", bulkPeak / 1048576.0, "MiB", 512);
            await service.Stop();

            var (events, copyOut) = await Ceilings.CopyOut(connectionString, $"{serviceSchema}.mt_events");
            report.Ceiling($"COPY TO of the stored events ({events:N0})", copyOut, "rows/s");
            profile = await Profile.Start(connectionString, servicePid: null);
            var (rebuilt, rebuildPeak, rebuildCpu) = await service.RunToEnd("rebuild-statistics");
            report.Notes("rebuild (per event and projection)", await profile.Stop(events * AsyncProjections, rebuildCpu));
            report.Ratio($"projection rebuild events/s ({AsyncProjections} projections × {events:N0})", events * AsyncProjections / rebuilt.TotalSeconds, "events/s", "COPY TO", copyOut, 0.3);
            report.Info($"rebuild peak working set ({eventsAtHalf:N0} events)", halfPeak / 1048576.0, "MiB");
            report.Info($"rebuild peak working set ({events:N0} events)", rebuildPeak / 1048576.0, "MiB");
            var growth = (double)rebuildPeak / halfPeak - 1;
            report.Verdict($"rebuild memory growth, {eventsAtHalf:N0} → {events:N0} events", growth * 100, "%", "≤ 10 %", growth <= 0.10);

            // How the analysts' figures scale: the same province statistics, now over every bulk-loaded shift.
            await service.Start();
            var atScale = await HttpLoad.Reads(service, () => "/api/v1/provinces/79/statistics", 2, settings.Duration);
            report.Info($"GET province statistics reads/s, 2 clients ({events:N0} events in the province)", atScale.PerSecond, "/s");
            report.Info("GET province statistics p50 (at that scale)", atScale.P50, "ms");
            await service.Stop();
            report.Write();
        }
        finally
        {
            await service.Stop();
            await BenchDatabase.DropSchemas(rawSchema, serviceSchema);
        }
    }

    public static async Task UnderTrace(BenchSettings settings, string load)
    {
        var connectionString = BenchDatabase.ConnectionString;
        var schema = $"bench_prof_{Guid.NewGuid():N}"[..18];
        var keyPath = BenchDatabase.TokenKeyPath;
        await using var service = new ServiceProcess(connectionString, schema, keyPath, 5600 + Random.Shared.Next(300));
        try
        {
            await service.Prepare();
            await service.Start();
            var models = await HttpLoad.RegisterModels(service, 200);
            await HttpLoad.Patrols(service, models, settings.Clients, TimeSpan.FromSeconds(3)); // warm-up, as in Run
            Console.WriteLine($"PID={service.ProcessId}");
            await Task.Delay(TimeSpan.FromSeconds(2));
            var result = load == "read"
                ? await HttpLoad.ModelReads(service, models, settings.Clients, settings.Duration)
                : await HttpLoad.Patrols(service, models, settings.Clients, settings.Duration);
            Console.WriteLine($"{load}: {result.PerSecond:0}/s p50 {result.P50:0.0} ms p99 {result.P99:0.0} ms");
        }
        finally
        {
            await service.Stop();
            await BenchDatabase.DropSchemas(schema);
        }
    }

    private static async Task<long> Count(string connectionString, string schema)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand($"select count(*) from {schema}.mt_events", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }
}
