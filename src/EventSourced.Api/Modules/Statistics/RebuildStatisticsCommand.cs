using System.Diagnostics;
using JasperFx.CommandLine;
using JasperFx.Events.Projections;
using Marten;

namespace EventSourced.Api.Modules.Statistics;

/// <summary>What <c>rebuild-statistics</c> takes.</summary>
public sealed class RebuildStatisticsInput : NetCoreInput
{
    [Description("Give up when a projection has not caught up with the events within this many minutes (default 240)")]
    public int TimeoutFlag { get; set; } = 240;
}

/// <summary>
/// <c>dotnet EventSourced.Api.dll rebuild-statistics</c>: rebuilds every asynchronous projection (the read models the
/// statistics are computed from) from the events, all at once. Marten's own <c>projections rebuild</c> also rebuilds
/// the inline snapshots (models, units, officials…), which the write side keeps current in the same transaction as
/// their events and which only need a rebuild after their fold changes. Run it while the service is stopped: the
/// service's own daemon would write the same progress rows.
/// </summary>
[Description("Rebuild the statistics read models (every asynchronous projection) from the events, in parallel", Name = "rebuild-statistics")]
public sealed class RebuildStatisticsCommand : JasperFxAsyncCommand<RebuildStatisticsInput>
{
    public override async Task<bool> Execute(RebuildStatisticsInput input)
    {
        using var host = input.BuildHost();
        var total = Stopwatch.StartNew();
        var rebuilt = await Rebuild(host.Services.GetRequiredService<IDocumentStore>(), TimeSpan.FromMinutes(input.TimeoutFlag), CancellationToken.None);
        foreach (var (name, took) in rebuilt)
        {
            Console.WriteLine($"{name} rebuilt in {took.TotalSeconds:0.0} s.");
        }
        Console.WriteLine($"{rebuilt.Count} projections rebuilt in {total.Elapsed.TotalSeconds:0.0} s.");
        return true;
    }

    /// <summary>Rebuilds the asynchronous projections side by side; returns how long each took.</summary>
    public static async Task<IReadOnlyList<(string Projection, TimeSpan Took)>> Rebuild(IDocumentStore store, TimeSpan timeout, CancellationToken ct)
    {
        var names = store.Options.Events.Projections()
            .Where(p => p.Lifecycle == ProjectionLifecycle.Async).Select(p => p.Name).ToList();
        using var daemon = await store.BuildProjectionDaemonAsync();
        var rebuilt = await Task.WhenAll(names.Select(async name =>
        {
            var took = Stopwatch.StartNew();
            await daemon.RebuildProjectionAsync(name, timeout, ct);
            return (name, took.Elapsed);
        }));
        await daemon.StopAllAsync();
        return rebuilt;
    }
}
