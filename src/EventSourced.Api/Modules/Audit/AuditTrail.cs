using System.Runtime.CompilerServices;
using EventSourced.Api.Infrastructure;
using EventSourced.Api.Ledger;
using Marten;
using Npgsql;

namespace EventSourced.Api.Modules.Audit;

/// <summary>An event as the audit trail reads it: stored fields, its chain link, and its canonical text.</summary>
public sealed record TrailRow(
    long Sequence, Guid EventId, string Type, DateTimeOffset RecordedAt, string RecordedText, Guid StreamId, long Version,
    string? User, string? ClientSystem, string? ReportedAt, string? CorrelationId, string? CausationId, string? HeadersText,
    string DataText, string Hash, string? PreviousHash)
{
    public ChainedEvent ToChained() => new(Sequence, StreamId, Version, Type, EventId, RecordedText, User ?? "",
        CorrelationId ?? "", CausationId ?? "", HeadersText ?? "", DataText, PreviousHash ?? "", Hash);
}

/// <summary>Which recorded events of a scope to read: days of recorded time in Vietnam (both inclusive) and, optionally, event types.</summary>
public sealed record TrailWindow(DateOnly? From, DateOnly? To, IReadOnlyList<string>? Types)
{
    public DateTimeOffset? FromInstant => From is { } f ? new DateTimeOffset(f.ToDateTime(TimeOnly.MinValue), VietnamTime.Offset) : null;

    public DateTimeOffset? BeforeInstant => To is { } t ? Dates.KnownBefore(t) : null;
}

/// <summary>
/// Reads the chained events of a unit scope in global order, in batches, so a whole range can be streamed with
/// bounded memory. Only chained events are read: an event written around the ledger is found by verification instead.
/// </summary>
public static class AuditTrail
{
    public const int Batch = 1000;

    public static async IAsyncEnumerable<TrailRow> Read(
        IDocumentStore store, UnitScope scope, TrailWindow window, long after, int? limit, [EnumeratorCancellation] CancellationToken ct)
    {
        var schema = store.Options.Events.DatabaseSchemaName;
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        var remaining = limit ?? int.MaxValue;
        while (remaining > 0)
        {
            await using var read = new NpgsqlCommand { Connection = connection };
            var condition = scope.Condition(read);
            read.CommandText = $"""
                select e.seq_id, e.id, e.type, e.timestamp, {schema}.audit_instant(e.timestamp), e.stream_id, e.version, e.user_name,
                       e.headers ->> 'client', e.headers ->> 'reported-at', e.correlation_id, e.causation_id, e.headers::text, e.data::text,
                       c.hash, c.previous_hash
                from {schema}.{AuditSchema.ChainTable} c join {schema}.mt_events e on e.seq_id = c.seq_id
                where {condition} and c.seq_id > @after
                  and (@from::timestamptz is null or e.timestamp >= @from) and (@before::timestamptz is null or e.timestamp < @before)
                  and (@types::varchar[] is null or e.type = any(@types))
                order by c.seq_id
                limit @take
                """;
            read.Parameters.AddWithValue("after", after);
            // Npgsql writes timestamptz only from UTC offsets: a Vietnam (+07:00) instant is refused.
            read.Parameters.AddWithValue("from", NpgsqlTypes.NpgsqlDbType.TimestampTz, (object?)window.FromInstant?.ToUniversalTime() ?? DBNull.Value);
            read.Parameters.AddWithValue("before", NpgsqlTypes.NpgsqlDbType.TimestampTz, (object?)window.BeforeInstant?.ToUniversalTime() ?? DBNull.Value);
            read.Parameters.AddWithValue("types", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Varchar, (object?)window.Types?.ToArray() ?? DBNull.Value);
            read.Parameters.AddWithValue("take", Math.Min(Batch, remaining));
            // A whole batch is read before any of it is handed out, so a failed read never leaves half a batch written.
            var rows = new List<TrailRow>(Math.Min(Batch, remaining));
            await using (var reader = await read.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct))
                {
                    string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
                    rows.Add(new TrailRow(reader.GetInt64(0), reader.GetGuid(1), reader.GetString(2), reader.GetFieldValue<DateTimeOffset>(3),
                        reader.GetString(4), reader.GetGuid(5), reader.GetInt64(6), Text(7), Text(8), Text(9), Text(10), Text(11),
                        Text(12), reader.GetString(13), reader.GetString(14), Text(15)));
                }
            }
            foreach (var row in rows)
            {
                after = row.Sequence;
                yield return row;
            }
            remaining -= rows.Count;
            if (rows.Count < Batch)
            {
                yield break;
            }
        }
    }
}

/// <summary>
/// The last record of a streamed audit answer (an export, an NDJSON history) whose read failed after the first byte:
/// the 200 is already sent, so the body says it is incomplete rather than ending as a shorter document that looks whole.
/// </summary>
/// <param name="Type">urn:bvantq:problem:stream-interrupted.</param>
/// <param name="Title">What happened.</param>
/// <param name="Detail">How many entries came before it, and what to do.</param>
/// <param name="CorrelationId">The request's correlation id, to quote when reporting it.</param>
public sealed record StreamInterrupted(string Type, string Title, string Detail, string CorrelationId)
{
    public const string ProblemType = "urn:bvantq:problem:stream-interrupted";

    public static StreamInterrupted After(int entries, HttpContext context) => new(ProblemType,
        "Reading the ledger failed part-way; this answer is incomplete.",
        $"{entries} entries were sent before the failure; they are not the whole answer. Ask again.",
        RequestMetadata.CorrelationId(context));
}
