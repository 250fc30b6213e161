using EventSourced.Api.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Npgsql;
using Wolverine.Http;

namespace EventSourced.Api.Modules.Audit;

/// <summary>Configuration section "Audit".</summary>
public sealed class AuditOptions
{
    /// <summary>How often the heads of the streams that changed are copied into the checkpoint table.</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMinutes(5);
}

/// <summary>What one checkpoint recorded.</summary>
/// <param name="TakenAt">When.</param>
/// <param name="ThroughSequence">The last global sequence number it covers.</param>
/// <param name="Streams">Stream heads recorded (streams that changed since the previous checkpoint).</param>
public sealed record CheckpointTaken(DateTimeOffset TakenAt, long ThroughSequence, int Streams);

/// <summary>
/// Copies the head (last version and hash) of every stream that changed since the last checkpoint into the
/// append-only checkpoint table. Someone able to rewrite events and chain together still cannot make an earlier head
/// disappear: verification compares with the latest checkpoint of each stream.
/// </summary>
public static class ChainCheckpoints
{
    public static async Task<CheckpointTaken> Take(IDocumentStore store, CancellationToken ct)
    {
        var schema = store.Options.Events.DatabaseSchemaName;
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        // One statement: the heads between the last checkpoint and the chain's end as this statement sees it.
        await using var take = new NpgsqlCommand($"""
            with bounds as (
                select coalesce((select max(through_seq) from {schema}.{AuditSchema.CheckpointTable}), 0) as after,
                       coalesce((select max(seq_id) from {schema}.{AuditSchema.ChainTable}), 0) as through),
            heads as (
                select distinct on (c.stream_id) c.stream_id, c.version, c.hash
                from {schema}.{AuditSchema.ChainTable} c, bounds b
                where c.stream_id in (select stream_id from {schema}.{AuditSchema.ChainTable}, bounds
                                      where seq_id > bounds.after and seq_id <= bounds.through)
                  and c.seq_id <= b.through
                order by c.stream_id, c.version desc)
            insert into {schema}.{AuditSchema.CheckpointTable} (taken_at, through_seq, stream_id, version, hash)
            select now(), b.through, h.stream_id, h.version, h.hash from heads h, bounds b
            returning taken_at, through_seq
            """, connection);
        await using var reader = await take.ExecuteReaderAsync(ct);
        var streams = 0;
        DateTimeOffset takenAt = DateTimeOffset.UtcNow;
        long through = 0;
        while (await reader.ReadAsync(ct))
        {
            (takenAt, through) = (reader.GetFieldValue<DateTimeOffset>(0), reader.GetInt64(1));
            streams++;
        }
        return new CheckpointTaken(takenAt, through, streams);
    }
}

/// <summary>Takes a checkpoint every <see cref="AuditOptions.CheckpointInterval"/>.</summary>
public sealed class ChainCheckpointing(IDocumentStore store, IOptions<AuditOptions> options, ILogger<ChainCheckpointing> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CheckpointInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var taken = await ChainCheckpoints.Take(store, stoppingToken);
                if (logger.IsEnabled(LogLevel.Information))
                {
                    logger.LogInformation("Chain checkpoint through sequence {Through}: {Streams} stream heads", taken.ThroughSequence, taken.Streams);
                }
            }
            catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
            {
                logger.LogWarning(e, "Chain checkpoint failed; the next tick tries again");
            }
        }
    }
}

public static class TakeCheckpointEndpoint
{
    /// <summary>Take a chain checkpoint now (besides the periodic ones).</summary>
    /// <remarks>Copies the head of every stream that changed since the last checkpoint into the append-only checkpoint
    /// table; useful before an export or after a bulk import.</remarks>
    [Authorize(Policy = Access.Administer)]
    [WolverinePost("/api/v1/audit/checkpoints")]
    [Tags("Audit")]
    [ProducesResponseType<CheckpointTaken>(StatusCodes.Status200OK)]
    public static async Task<CheckpointTaken> Post(IDocumentStore store, CancellationToken ct) => await ChainCheckpoints.Take(store, ct);
}
