using System.Diagnostics;
using System.Globalization;
using EventSourced.Api;
using EventSourced.Api.Ledger;
using EventSourced.Api.Modules.Models;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Npgsql;

namespace EventSourced.Bench;

/// <summary>
/// Appends patrol events through Marten (quick append, as the service does) with the chain trigger on and off, for
/// single-event transactions from 8 writers and 500-event transactions from 4 writers, and prints events/s and the
/// ratio. A schema of its own, dropped afterwards.
/// </summary>
public static class ChainCost
{
    public static async Task Run(TimeSpan duration)
    {
        var connectionString = BenchDatabase.ConnectionString;
        var schema = $"bench_{Guid.NewGuid():N}"[..16];
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Marten"] = connectionString,
            [EventStore.SchemaKey] = schema,
        }).Build();
        var environment = new HostingEnvironment { EnvironmentName = Environments.Development };
        using var store = DocumentStore.For(opts => EventStore.Configure(opts, configuration, environment));
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        try
        {
            Console.WriteLine($"Audit chain cost — {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, {duration.TotalSeconds:0} s per run");
            Console.WriteLine($"{"scenario",-36} {"chain on",12} {"chain off",12} {"ratio",8}");
            foreach (var (name, writers, batch) in new[] { ("1 event per transaction, 8 writers", 8, 1), ("500 events per transaction, 4 writers", 4, 500) })
            {
                // Warm-up (JIT, pools, Marten's generated code), then off and on twice, interleaved, so drift in the
                // machine's state (WAL, autovacuum, caches) weighs on both.
                await Measure(store, writers, batch, TimeSpan.FromSeconds(3));
                double on = 0, off = 0;
                for (var round = 0; round < 2; round++)
                {
                    await Trigger(connectionString, schema, enable: false);
                    off += await Measure(store, writers, batch, duration) / 2;
                    await Trigger(connectionString, schema, enable: true);
                    on += await Measure(store, writers, batch, duration) / 2;
                }
                Console.WriteLine($"{name,-36} {on,10:N0}/s {off,10:N0}/s {on / off,8:0.00}");
            }
        }
        finally
        {
            await BenchDatabase.DropSchemas(schema);
        }
    }

    private static async Task<double> Measure(DocumentStore store, int writers, int batch, TimeSpan duration)
    {
        var unit = new UnitSnapshot(Guid.NewGuid(), "27259", "Phường 13", "773", "Quận 4", "79", "Thành phố Hồ Chí Minh");
        var start = new DateTimeOffset(2023, 5, 6, 19, 0, 0, VietnamTime.Offset);
        var stopwatch = Stopwatch.StartNew();
        var counts = await Task.WhenAll(Enumerable.Range(0, writers).Select(async _ =>
        {
            var appended = 0L;
            while (stopwatch.Elapsed < duration)
            {
                await using var session = store.LightweightSession();
                for (var i = 0; i < batch; i++)
                {
                    var model = Guid.CreateVersion7();
                    session.Events.StartStream<SecurityModel>(model,
                        new PatrolRecorded(model, Guid.CreateVersion7(), unit, start, start.AddHours(4), 7, 2, new SanctionCounts(1, 0, 0), 0));
                }
                await session.SaveChangesAsync();
                appended += batch;
            }
            return appended;
        }));
        return counts.Sum() / stopwatch.Elapsed.TotalSeconds;
    }

    private static async Task Trigger(string connectionString, string schema, bool enable)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            string.Create(CultureInfo.InvariantCulture, $"alter table {schema}.mt_events {(enable ? "enable" : "disable")} trigger audit_chain_on_append"), connection);
        await command.ExecuteNonQueryAsync();
    }
}
