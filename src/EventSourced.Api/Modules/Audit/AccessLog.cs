using EventSourced.Api.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Npgsql;
using Wolverine.Http;

namespace EventSourced.Api.Modules.Audit;

public enum AccessAction
{
    History,
    Verification,
    Export,
    AccessLog,
}

/// <summary>Whether the read was answered, or refused because the unit or stream is outside the caller's jurisdiction.</summary>
public enum AccessOutcome
{
    Granted,
    Denied,
}

/// <summary>One read of the audit trail, or one attempt refused.</summary>
/// <param name="EntryId">Position in the log.</param>
/// <param name="At">When.</param>
/// <param name="Subject">Who (the token's subject).</param>
/// <param name="ClientSystem">Through which system (the token's client).</param>
/// <param name="Action">HISTORY, VERIFICATION, EXPORT or ACCESS_LOG.</param>
/// <param name="Resource">What was read: the path and query.</param>
/// <param name="CorrelationId">The request's correlation id.</param>
/// <param name="Outcome">GRANTED, or DENIED when the caller's jurisdiction did not reach what it asked for.</param>
public sealed record AccessLogEntry(long EntryId, DateTimeOffset At, string? Subject, string? ClientSystem, AccessAction Action, string Resource,
    string? CorrelationId, AccessOutcome Outcome);

/// <summary>
/// Reads of the audit trail (history, verification, export, this log) are themselves recorded, before the answer is
/// sent, in an append-only table (updates and deletes are refused by a trigger). Refusals for jurisdiction are recorded
/// too, so an auditor probing units outside their own leaves a trace.
/// </summary>
public static class AccessLog
{
    /// <summary>Records the refusal, then answers it with the jurisdiction problem (403).</summary>
    public static async Task<IResult> Denied(IDocumentStore store, HttpContext context, AccessAction action, ProblemDetails denied, CancellationToken ct)
    {
        await Record(store, context, action, AccessOutcome.Denied, ct);
        return Results.Problem(denied);
    }

    public static async Task Record(IDocumentStore store, HttpContext context, AccessAction action, AccessOutcome outcome, CancellationToken ct)
    {
        var schema = store.Options.Events.DatabaseSchemaName;
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var insert = new NpgsqlCommand(
            $"insert into {schema}.{AuditSchema.AccessLogTable} (subject, client_system, action, resource, correlation_id, outcome) values ($1, $2, $3, $4, $5, $6)",
            connection);
        insert.Parameters.AddWithValue((object?)Access.Subject(context.User) ?? DBNull.Value);
        insert.Parameters.AddWithValue((object?)Access.ClientSystem(context.User) ?? DBNull.Value);
        insert.Parameters.AddWithValue(ApiNames.Of(action));
        insert.Parameters.AddWithValue($"{context.Request.Path}{context.Request.QueryString}");
        insert.Parameters.AddWithValue(RequestMetadata.CorrelationId(context));
        insert.Parameters.AddWithValue(ApiNames.Of(outcome));
        await insert.ExecuteNonQueryAsync(ct);
    }
}

public static class GetAccessLogEndpoint
{
    /// <summary>Who read the audit trail: history reads, verifications, exports and reads of this log, and who was refused.</summary>
    /// <param name="subject">Only this subject's reads.</param>
    /// <param name="action">Only HISTORY, VERIFICATION, EXPORT or ACCESS_LOG.</param>
    /// <param name="outcome">Only GRANTED or DENIED.</param>
    /// <param name="cursor">The 'nextCursor' of the previous page.</param>
    /// <param name="limit">Page size (default 50, at most 200).</param>
    /// <remarks>The log spans every unit and every reader: national auditors only.</remarks>
    [Authorize(Policy = Access.Audit)]
    [WolverineGet("/api/v1/audit/access-log")]
    [Tags("Audit")]
    [ProducesResponseType<AccessLogPage>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(string? subject, string? action, string? outcome, string? cursor, int? limit,
        IDocumentStore store, IOptions<ApiLimits> limits, HttpContext context, CancellationToken ct)
    {
        if (!Jurisdiction.IsNational(context.User))
        {
            return await AccessLog.Denied(store, context, AccessAction.AccessLog,
                Problems.Forbidden("The access log spans every unit and reader; it needs national jurisdiction (VN)."), ct);
        }
        var errors = new Dictionary<string, string[]>();
        AccessAction? wanted = null;
        if (action is not null)
        {
            if (ApiNames.TryParse<AccessAction>(action, out var parsed)) wanted = parsed;
            else errors["action"] = [$"Must be one of {string.Join(", ", ApiNames.All<AccessAction>())}."];
        }
        AccessOutcome? wantedOutcome = null;
        if (outcome is not null)
        {
            if (ApiNames.TryParse<AccessOutcome>(outcome, out var parsed)) wantedOutcome = parsed;
            else errors["outcome"] = [$"Must be one of {string.Join(", ", ApiNames.All<AccessOutcome>())}."];
        }
        var after = ApiLimits.SequenceAfter(cursor, errors);
        var pageSize = limits.Value.PageSize(limit, errors);
        if (errors.Count > 0)
        {
            return Results.Problem(Problems.Validation(errors));
        }
        await AccessLog.Record(store, context, AccessAction.AccessLog, AccessOutcome.Granted, ct);

        var schema = store.Options.Events.DatabaseSchemaName;
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var read = new NpgsqlCommand($"""
            select entry_id, at, subject, client_system, action, resource, correlation_id, outcome from {schema}.{AuditSchema.AccessLogTable}
            where entry_id > $1 and ($2::varchar is null or subject = $2) and ($3::varchar is null or action = $3)
              and ($4::varchar is null or outcome = $4)
            order by entry_id limit $5
            """, connection);
        read.Parameters.AddWithValue(after);
        read.Parameters.AddWithValue((object?)subject ?? DBNull.Value);
        read.Parameters.AddWithValue(wanted is { } w ? ApiNames.Of(w) : DBNull.Value);
        read.Parameters.AddWithValue(wantedOutcome is { } o ? ApiNames.Of(o) : DBNull.Value);
        read.Parameters.AddWithValue(pageSize + 1);
        var entries = new List<AccessLogEntry>();
        await using (var reader = await read.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var logged = ApiNames.TryParse<AccessAction>(reader.GetString(4), out var known) ? known
                    : throw new InvalidDataException($"Access log entry {reader.GetInt64(0)} has an unknown action.");
                var answered = ApiNames.TryParse<AccessOutcome>(reader.GetString(7), out var knownOutcome) ? knownOutcome
                    : throw new InvalidDataException($"Access log entry {reader.GetInt64(0)} has an unknown outcome.");
                entries.Add(new AccessLogEntry(reader.GetInt64(0), reader.GetFieldValue<DateTimeOffset>(1),
                    reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                    logged, reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6), answered));
            }
        }
        var next = entries.Count > pageSize ? entries[pageSize - 1].EntryId.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        return Results.Ok(new AccessLogPage(entries.Take(pageSize).ToList(), next));
    }
}

/// <summary>A page of the access log.</summary>
public sealed record AccessLogPage(IReadOnlyList<AccessLogEntry> Items, string? NextCursor);
