using System.Globalization;
using EventSourced.Api.Modules.Statistics;
using Npgsql;

namespace EventSourced.Bench;

/// <summary>
/// The whole benchmark in one run on fresh schemas: PostgreSQL's ceilings, then the service over HTTP (appends,
/// reads, projection lag), then ten years of a province loaded through the command handlers up to two history sizes,
/// with the analysts' queries timed and the statistics read models rebuilt at each, every figure beside the ceiling or
/// target it is measured against.
/// </summary>
public static class FullRun
{
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
            report.Info($"projection lag p50 (append → {ReadModelNames.Activity})", lag.P50, "ms");
            report.AtMost($"projection lag p99 (append → {ReadModelNames.Activity})", lag.P99, "ms", 1000);

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

            // Issue 12: ten years of a province's patrols, loaded up to two history sizes; after each size, once the
            // projections have caught up, the analysts' queries are timed, then the statistics read models are rebuilt
            // from the events (service stopped) and compared with COPY TO of the same events.
            Console.WriteLine($"Ten years of province 79 through the batch route: {string.Join(" then ", settings.Sizes.Select(s => s.ToString("N0", CultureInfo.InvariantCulture)))} shifts (4 clients)");
            await service.Stop();
            await service.Start(); // peak memory of the bulk load alone
            var tenYears = await TenYears.Register(service);
            var recorded = new int[tenYears.Models.Count];
            var queries = tenYears.Queries();
            var smallerP50 = new Dictionary<string, double>();
            var (loaded, loadTime, bulkPeak) = (0L, TimeSpan.Zero, 0L);
            (RebuildRun Run, long Events)? previousRebuild = null;
            foreach (var (size, index) in settings.Sizes.Select((s, i) => (s, i)))
            {
                var larger = index == settings.Sizes.Count - 1;
                var label = $"{size:N0} shifts";
                if (index > 0)
                {
                    await service.Start();
                }
                profile = await Profile.Start(connectionString, service.ProcessId!.Value);
                var (added, took) = await HttpLoad.Bulk(service, tenYears.Models, recorded, size - loaded);
                if (larger)
                {
                    report.Notes("bulk load (per event)", await profile.Stop(added));
                }
                (loaded, loadTime) = (loaded + added, loadTime + took);
                var caughtUp = await TenYears.CaughtUp(connectionString, serviceSchema, TimeSpan.FromMinutes(15));
                Console.WriteLine($"  {loaded:N0} shifts loaded ({added / took.TotalSeconds:N0} events/s), projections caught up {caughtUp.TotalSeconds:0.0} s after the load");

                foreach (var (name, path) in queries)
                {
                    var (latency, failures) = await TenYears.Latencies(service, path, settings.QuerySamples, settings.QueryMinimum, settings.QueryBudget);
                    var failed = failures > 0 ? $", {failures} of {latency.Requests} not 200" : "";
                    if (larger)
                    {
                        report.AtMost($"{name} p50 ({label}{failed})", latency.P50, "ms", 50);
                        report.AtMost($"{name} p99 ({label}, {latency.Requests} requests)", latency.P99, "ms", 200);
                        var growth = latency.P50 / smallerP50[name];
                        report.Verdict($"{name} p50 growth {settings.Sizes[0]:N0} → {size:N0}", growth, "×", "≤ 1.5 ×", growth <= 1.5);
                    }
                    else
                    {
                        smallerP50[name] = latency.P50;
                        report.Info($"{name} p50 ({label}{failed})", latency.P50, "ms");
                        report.Info($"{name} p99 ({label}, {latency.Requests} requests)", latency.P99, "ms");
                    }
                }
                bulkPeak = Math.Max(bulkPeak, Memory.PeakBytes(service.ProcessId!.Value));
                await service.Stop();

                var (events, copyOut) = await Ceilings.CopyOut(connectionString, $"{serviceSchema}.mt_events");
                report.Ceiling($"COPY TO of the stored events ({events:N0})", copyOut, "rows/s");
                profile = await Profile.Start(connectionString, servicePid: null);
                var rebuild = await service.Rebuild(events);
                report.Notes($"rebuild at {label} (per event)", await profile.Stop(events, rebuild.Cpu));
                var how = rebuild.ReportedSeconds is null ? "process wall time" : "its own time";
                report.Ratio($"rebuild-statistics events/s ({events:N0} events, {how})", events / rebuild.Seconds, "events/s", "COPY TO", copyOut, 0.3);
                report.Info($"rebuild-statistics process wall time ({events:N0} events)", rebuild.Elapsed.TotalSeconds, "s");
                var floor = await Ceilings.ReadModelCopy(connectionString, serviceSchema, events);
                report.Info($"PostgreSQL copying the built activity rows and their indexes, as events/s ({events:N0} events; {floor / copyOut:0.00} of COPY TO)", floor, "events/s");
                if (rebuild.Half is { } at)
                {
                    report.Info($"rebuild VmRSS / VmHWM at {at.Processed:N0} events processed", at.Peak / 1048576.0, $"MiB (RSS {at.Resident / 1048576.0:0})");
                }
                report.Info($"rebuild VmRSS / VmHWM at its end ({events:N0} events)", rebuild.End.Peak / 1048576.0, $"MiB (RSS {rebuild.End.Resident / 1048576.0:0})");
                if (larger && previousRebuild is { } smaller)
                {
                    // Flat in the history's length: the peak at the end of the rebuild over ten times the events
                    // within 10 % of the smaller one's. A sample half-way through the events would compare phases, not
                    // histories: the activity rows are staged inside PostgreSQL and the service's own work (the other
                    // projections, through Marten's daemon) comes at the end.
                    var growth = (double)rebuild.End.Peak / smaller.Run.End.Peak - 1;
                    report.Verdict($"rebuild memory growth, {smaller.Events:N0} → {events:N0} events (peak at each end)", growth * 100, "%", "≤ 10 %", growth <= 0.10);
                }
                previousRebuild = (rebuild, events);
            }
            report.Ratio($"bulk load events/s ({loaded:N0} events)", loaded / loadTime.TotalSeconds, "events/s", "COPY", copy, 0.5);
            report.AtMost("service peak working set during bulk load", bulkPeak / 1048576.0, "MiB", 512);
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
