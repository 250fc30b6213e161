using Marten;
using Npgsql;

namespace EventSourced.Api.Modules.Audit;

/// <summary>A link of the chain as stored.</summary>
public sealed record ChainLink(long Sequence, long Version, string Hash, string? PreviousHash, DateTimeOffset ChainedAt);

/// <summary>An event as stored now, with its hash recomputed over its current content and its link's previous hash.</summary>
public sealed record StoredEvent(long Sequence, Guid StreamId, long Version, string Type, string? RecomputedHash);

/// <summary>A stream's head as a checkpoint saw it.</summary>
public sealed record ChainCheckpoint(long CheckpointId, DateTimeOffset TakenAt, long Version, string Hash);

/// <summary>What is wrong at one place of a stream.</summary>
/// <param name="Version">The stream version at fault.</param>
/// <param name="Sequence">The global sequence number of the event concerned, when there is one.</param>
/// <param name="Kind">ALTERED, DELETED, MOVED, UNCHAINED, RELINKED, GAP or TRUNCATED.</param>
/// <param name="Reason">What was found, in words.</param>
public sealed record BrokenLink(long Version, long? Sequence, string Kind, string Reason);

public enum VerificationStatus
{
    Ok,
    Broken,
}

/// <summary>The verdict on one stream.</summary>
/// <param name="StreamId">The stream.</param>
/// <param name="Status">OK or BROKEN.</param>
/// <param name="Events">Links in the chain.</param>
/// <param name="LastVersion">The last chained version.</param>
/// <param name="HeadHash">Its hash: what a later check or an export can be compared with.</param>
/// <param name="Checkpoint">The latest checkpoint of the stream, if one was taken.</param>
/// <param name="FirstBroken">The first broken link (lowest version), when BROKEN.</param>
/// <param name="Findings">Everything found, in version order.</param>
public sealed record StreamVerification(
    Guid StreamId, VerificationStatus Status, int Events, long LastVersion, string? HeadHash, ChainCheckpoint? Checkpoint,
    BrokenLink? FirstBroken, IReadOnlyList<BrokenLink> Findings);

/// <summary>
/// Recomputes a stream's chain. Pure: the rows come from <see cref="ChainStore"/>, so each way of tampering has a unit
/// test beside the SQL-level ones.
/// </summary>
public static class ChainVerifier
{
    public static StreamVerification Verify(
        Guid streamId, IReadOnlyList<ChainLink> links, IReadOnlyList<StoredEvent> events, long? headerVersion, ChainCheckpoint? checkpoint)
    {
        var findings = new List<BrokenLink>();
        var eventsBySequence = events.ToDictionary(e => e.Sequence);
        string? previous = null;
        long expected = 1;
        foreach (var link in links.OrderBy(l => l.Version))
        {
            if (link.Version != expected)
            {
                findings.Add(new BrokenLink(expected, null, "GAP",
                    $"The chain has no link for version{(link.Version - expected > 1 ? $"s {expected}–{link.Version - 1}" : $" {expected}")}: links were removed."));
            }
            if (link.PreviousHash != previous)
            {
                findings.Add(new BrokenLink(link.Version, link.Sequence, "RELINKED",
                    $"Link {link.Version} names the previous hash {Short(link.PreviousHash)}, but the link before it hashes to {Short(previous)}: the chain was rewritten."));
            }
            if (!eventsBySequence.TryGetValue(link.Sequence, out var stored))
            {
                findings.Add(new BrokenLink(link.Version, link.Sequence, "DELETED",
                    $"The event chained at version {link.Version} (sequence {link.Sequence}, chained {link.ChainedAt:O}) is no longer stored."));
            }
            else if (stored.Version != link.Version || stored.StreamId != streamId)
            {
                findings.Add(new BrokenLink(link.Version, link.Sequence, "MOVED",
                    $"The event of sequence {link.Sequence} was chained at version {link.Version} but now stands at version {stored.Version}"
                    + (stored.StreamId == streamId ? "" : $" of stream {stored.StreamId}") + ": events were reordered or moved."));
            }
            else if (stored.RecomputedHash != link.Hash)
            {
                findings.Add(new BrokenLink(link.Version, link.Sequence, "ALTERED",
                    $"The {stored.Type} event at version {link.Version} (sequence {link.Sequence}) hashes to {Short(stored.RecomputedHash)} now but was chained as {Short(link.Hash)}: its data or metadata were changed."));
            }
            previous = link.Hash;
            expected = link.Version + 1;
        }
        var chained = links.Select(l => l.Sequence).ToHashSet();
        foreach (var stray in events.Where(e => e.StreamId == streamId && !chained.Contains(e.Sequence)))
        {
            findings.Add(new BrokenLink(stray.Version, stray.Sequence, "UNCHAINED",
                $"The {stray.Type} event at version {stray.Version} (sequence {stray.Sequence}) is not in the chain: it was written around the ledger."));
        }
        var last = links.Count == 0 ? 0 : links.Max(l => l.Version);
        if (headerVersion is { } header && header > last && events.All(e => e.Version <= last))
        {
            findings.Add(new BrokenLink(last + 1, null, "TRUNCATED",
                $"The stream's header says version {header}, but its last event is version {last}: the tail was removed."));
        }
        if (checkpoint is not null)
        {
            var atCheckpoint = links.FirstOrDefault(l => l.Version == checkpoint.Version);
            if (checkpoint.Version > last)
            {
                findings.Add(new BrokenLink(last + 1, null, "TRUNCATED",
                    $"Checkpoint {checkpoint.CheckpointId} of {checkpoint.TakenAt:O} recorded version {checkpoint.Version} (hash {Short(checkpoint.Hash)}); the stream now ends at version {last}: the tail was removed."));
            }
            else if (atCheckpoint is not null && atCheckpoint.Hash != checkpoint.Hash)
            {
                findings.Add(new BrokenLink(checkpoint.Version, atCheckpoint.Sequence, "RELINKED",
                    $"Link {checkpoint.Version} hashes to {Short(atCheckpoint.Hash)}, but checkpoint {checkpoint.CheckpointId} of {checkpoint.TakenAt:O} recorded {Short(checkpoint.Hash)}: the chain was rewritten after it."));
            }
        }
        var ordered = findings.OrderBy(f => f.Version).ToList();
        return new StreamVerification(
            streamId,
            ordered.Count == 0 ? VerificationStatus.Ok : VerificationStatus.Broken,
            links.Count,
            last,
            links.Count == 0 ? null : links.MaxBy(l => l.Version)!.Hash,
            checkpoint,
            ordered.FirstOrDefault(),
            ordered);
    }

    private static string Short(string? hash) => hash is null ? "(none)" : hash.Length > 12 ? hash[..12] + "…" : hash;
}

/// <summary>Reads chains, events and checkpoints with the same SQL hash function the trigger uses.</summary>
public static class ChainStore
{
    public static async Task<StreamVerification> VerifyStream(IDocumentStore store, Guid streamId, CancellationToken ct)
    {
        var schema = store.Options.Events.DatabaseSchemaName;
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);

        var links = new List<ChainLink>();
        await using (var read = new NpgsqlCommand(
            $"select seq_id, version, hash, previous_hash, chained_at from {schema}.{AuditSchema.ChainTable} where stream_id = $1 order by version", connection))
        {
            read.Parameters.AddWithValue(streamId);
            await using var reader = await read.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                links.Add(new ChainLink(reader.GetInt64(0), reader.GetInt64(1), reader.GetString(2),
                    reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4)));
            }
        }

        // Events of the stream now, and events the chain put in this stream that now stand elsewhere.
        var events = new List<StoredEvent>();
        await using (var read = new NpgsqlCommand($"""
            select e.seq_id, e.stream_id, e.version, e.type,
                   case when c.seq_id is null then null else {schema}.{AuditSchema.HashFunction}(e.stream_id, e.version, e.type, e.id, e.timestamp,
                        e.user_name, e.correlation_id, e.causation_id, e.headers, e.data, c.previous_hash) end
            from {schema}.mt_events e left join {schema}.{AuditSchema.ChainTable} c on c.seq_id = e.seq_id
            where e.stream_id = $1 or e.seq_id in (select seq_id from {schema}.{AuditSchema.ChainTable} where stream_id = $1)
            """, connection))
        {
            read.Parameters.AddWithValue(streamId);
            await using var reader = await read.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                events.Add(new StoredEvent(reader.GetInt64(0), reader.GetGuid(1), reader.GetInt64(2), reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4)));
            }
        }

        long? header = null;
        await using (var read = new NpgsqlCommand($"select version from {schema}.mt_streams where id = $1", connection))
        {
            read.Parameters.AddWithValue(streamId);
            header = await read.ExecuteScalarAsync(ct) is long version ? version : null;
        }

        ChainCheckpoint? checkpoint = null;
        await using (var read = new NpgsqlCommand($"""
            select checkpoint_id, taken_at, version, hash from {schema}.{AuditSchema.CheckpointTable}
            where stream_id = $1 order by checkpoint_id desc limit 1
            """, connection))
        {
            read.Parameters.AddWithValue(streamId);
            await using var reader = await read.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct))
            {
                checkpoint = new ChainCheckpoint(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetInt64(2), reader.GetString(3));
            }
        }
        return ChainVerifier.Verify(streamId, links, events, header, checkpoint);
    }
}

/// <summary>The verdict on every stream that concerns a unit.</summary>
/// <param name="Code">The unit code asked about.</param>
/// <param name="Status">OK when every stream is.</param>
/// <param name="Streams">Streams checked.</param>
/// <param name="Events">Links checked.</param>
/// <param name="Broken">The streams that are not OK, each with its first broken link.</param>
public sealed record UnitVerification(
    string Code, VerificationStatus Status, int Streams, int Events, IReadOnlyList<StreamVerification> Broken);
