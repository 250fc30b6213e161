using JasperFx.Events.Projections;
using Marten;

namespace EventSourced.Api.Infrastructure;

/// <summary>How fresh an asynchronous read model is.</summary>
/// <param name="Projection">The projection that built the figures.</param>
/// <param name="ProjectionSequence">Global event sequence the figures reflect (every event up to it is counted).</param>
/// <param name="HighWaterMark">Sequence up to which the projection daemon has seen every event committed, without gaps.</param>
/// <param name="LastEventSequence">Highest event sequence committed in the store when the figures were read.</param>
/// <param name="EventsBehind">Committed events the figures do not reflect yet.</param>
/// <param name="IsCurrent">True when the figures reflect every committed event.</param>
public sealed record Freshness(
    string Projection, long ProjectionSequence, long HighWaterMark, long LastEventSequence, long EventsBehind, bool IsCurrent)
{
    /// <summary>
    /// Reads the store's last committed sequence first, then the daemon's progress: the figures loaded after this call
    /// are at least as fresh as it says. The daemon's own high-water mark trails new commits by a polling interval,
    /// so "current" is judged against the events table itself.
    /// </summary>
    public static async Task<Freshness> Of(IQuerySession session, string projection, CancellationToken ct) =>
        (await Of(session, [projection], ct))[0];

    /// <summary>
    /// Freshness of several projections read at one moment: one look at the events table and one at the daemon's
    /// progress serve them all, so the figures of a response are judged against the same last sequence.
    /// </summary>
    public static async Task<IReadOnlyList<Freshness>> Of(IQuerySession session, IReadOnlyList<string> projections, CancellationToken ct)
    {
        var eventsTable = $"{session.DocumentStore.Options.Events.DatabaseSchemaName}.mt_events";
        var last = (await session.QueryAsync<long>($"select coalesce(max(seq_id), 0) from {eventsTable}", ct)).Single();
        var progress = await session.DocumentStore.Advanced.AllProjectionProgress(token: ct);
        var highWaterMark = progress.FirstOrDefault(p => p.ShardName == ShardState.HighWaterMark)?.Sequence ?? 0;
        return projections.Select(projection =>
        {
            var sequence = progress.FirstOrDefault(p => p.ShardName == $"{projection}:All")?.Sequence ?? 0;
            var behind = Math.Max(0, last - sequence);
            return new Freshness(projection, sequence, highWaterMark, last, behind, behind == 0);
        }).ToList();
    }
}
