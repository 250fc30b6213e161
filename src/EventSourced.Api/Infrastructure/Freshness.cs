using JasperFx.Events.Projections;
using Marten;

namespace EventSourced.Api.Infrastructure;

/// <summary>How fresh an asynchronous read model is.</summary>
/// <param name="Projection">The projection that built the figures.</param>
/// <param name="ProjectionSequence">Global event sequence the figures reflect (every event up to it is counted).</param>
/// <param name="HighWaterMark">Highest event sequence the store has committed without gaps.</param>
/// <param name="EventsBehind">Events recorded but not yet reflected.</param>
/// <param name="IsCurrent">True when the figures reflect every committed event.</param>
public sealed record Freshness(string Projection, long ProjectionSequence, long HighWaterMark, long EventsBehind, bool IsCurrent)
{
    /// <summary>Reads the daemon's progress for one projection and the store's high-water mark in one query.</summary>
    public static async Task<Freshness> Of(IDocumentStore store, string projection, CancellationToken ct)
    {
        var progress = await store.Advanced.AllProjectionProgress(token: ct);
        var shard = $"{projection}:All";
        var sequence = progress.FirstOrDefault(p => p.ShardName == shard)?.Sequence ?? 0;
        var highWaterMark = progress.FirstOrDefault(p => p.ShardName == ShardState.HighWaterMark)?.Sequence ?? 0;
        var behind = Math.Max(0, highWaterMark - sequence);
        return new Freshness(projection, sequence, highWaterMark, behind, behind == 0);
    }
}
