using System.Security.Cryptography;
using System.Text;
using JasperFx;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace EventSourced.Api.Infrastructure;

/// <summary>
/// A command sent with an Idempotency-Key, per client. The record is inserted in the same session, and so the same
/// transaction, as the command's events (<see cref="EventMetadataMiddleware"/>): a concurrent retry with the same key
/// fails on the record's primary key and rolls its own events back, so a command is recorded once however often it is
/// retried. The answer is stored right after and replayed.
/// </summary>
public sealed record IdempotencyRecord
{
    public required string Id { get; init; }
    public required string Fingerprint { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
    public int? Status { get; init; }
    public string? ContentType { get; init; }
    public string? Location { get; init; }
    public string? Body { get; init; }
}

public sealed class IdempotencyOptions
{
    /// <summary>How long a key and its answer are kept (configuration "Api:IdempotencyRetention").</summary>
    public TimeSpan IdempotencyRetention { get; set; } = TimeSpan.FromHours(24);
}

public sealed class IdempotencyMiddleware(RequestDelegate next, IDocumentStore store, IOptions<IdempotencyOptions> options, TimeProvider time)
{
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const string KeyMismatchType = "urn:bvantq:problem:idempotency-key-reused";
    public const string InProgressType = "urn:bvantq:problem:idempotency-in-progress";
    internal const string PendingItem = "idempotency:pending";

    public async Task InvokeAsync(HttpContext context)
    {
        var key = context.Request.Headers[RequestMetadata.IdempotencyHeader].ToString();
        if (!HttpMethods.IsPost(context.Request.Method) || key.Length == 0 || context.GetEndpoint() is null)
        {
            await next(context);
            return;
        }
        if (!RequestMetadata.IsSafeId(key))
        {
            await Results.Problem(Problems.Field(RequestMetadata.IdempotencyHeader, "Must be 1–128 letters, digits, '.', '_', ':' or '-'.")).ExecuteAsync(context);
            return;
        }

        var id = $"{ClientOf(context)}|{key}";
        var fingerprint = await Fingerprint(context);
        var now = time.GetUtcNow();
        if (await Load(id) is { } existing)
        {
            if (existing.ExpiresAt > now)
            {
                await Answer(context, existing, fingerprint, id);
                return;
            }
            await using var cleanup = store.LightweightSession();
            cleanup.Delete(existing);
            await cleanup.SaveChangesAsync(context.RequestAborted);
        }

        context.Items[PendingItem] = new IdempotencyRecord
        {
            Id = id,
            Fingerprint = fingerprint,
            CreatedAt = now,
            ExpiresAt = now + options.Value.IdempotencyRetention,
        };
        var original = context.Response.Body;
        await using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        catch (DocumentAlreadyExistsException e) when (e.DocumentType == typeof(IdempotencyRecord))
        {
            // The same key committed first in a concurrent request; this one's events were rolled back with it.
            context.Response.Body = original;
            context.Response.Clear();
            await Answer(context, await Load(id), fingerprint, id);
            return;
        }
        finally
        {
            context.Response.Body = original;
        }

        buffer.Position = 0;
        if (context.Response.StatusCode < 500)
        {
            // Any answer but a server failure is the request's answer: a retry gets the same one.
            await using var session = store.LightweightSession();
            session.Store((IdempotencyRecord)context.Items[PendingItem]! with
            {
                Status = context.Response.StatusCode,
                ContentType = context.Response.ContentType,
                Location = context.Response.Headers.Location.ToString() is { Length: > 0 } location ? location : null,
                Body = Encoding.UTF8.GetString(buffer.ToArray()),
            });
            await session.SaveChangesAsync(context.RequestAborted);
        }
        await buffer.CopyToAsync(original, context.RequestAborted);
    }

    private async Task<IdempotencyRecord?> Load(string id)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<IdempotencyRecord>(id);
    }

    private async Task Answer(HttpContext context, IdempotencyRecord? record, string fingerprint, string id)
    {
        // A concurrent first request may still be storing its answer: wait for it briefly.
        for (var attempt = 0; attempt < 50 && record is { Status: null }; attempt++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), context.RequestAborted);
            record = await Load(id);
        }
        if (record is not null && record.Fingerprint != fingerprint)
        {
            await Results.Problem(new ProblemDetails
            {
                Type = KeyMismatchType,
                Title = "The Idempotency-Key was used for another request.",
                Status = StatusCodes.Status422UnprocessableEntity,
                Detail = "A key names one command; send a new key for a different request. Nothing was recorded.",
                Extensions = { ["field"] = RequestMetadata.IdempotencyHeader },
            }).ExecuteAsync(context);
            return;
        }
        if (record is not { Status: { } status })
        {
            context.Response.Headers.RetryAfter = "1";
            await Results.Problem(new ProblemDetails
            {
                Type = InProgressType,
                Title = "A request with this Idempotency-Key is still being processed.",
                Status = StatusCodes.Status409Conflict,
                Detail = "Retry with the same key in a moment to get its answer.",
            }).ExecuteAsync(context);
            return;
        }
        context.Response.StatusCode = status;
        context.Response.Headers[ReplayedHeader] = "true";
        if (record.Location is not null) context.Response.Headers.Location = record.Location;
        if (record.ContentType is not null) context.Response.ContentType = record.ContentType;
        await context.Response.WriteAsync(record.Body ?? "", context.RequestAborted);
    }

    /// <summary>Method, path and body: the same key with anything else is another request.</summary>
    private static async Task<string> Fingerprint(HttpContext context)
    {
        context.Request.EnableBuffering();
        context.Request.Body.Position = 0;
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{context.Request.Method} {context.Request.Path}\n"));
        var chunk = new byte[8192];
        int read;
        while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            hash.AppendData(chunk, 0, read);
        }
        context.Request.Body.Position = 0;
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    /// <summary>
    /// Keys are scoped per client system (the token's azp): two agencies' systems may pick the same key without
    /// replaying each other's answers. A token without a client system is scoped by its subject.
    /// </summary>
    private static string ClientOf(HttpContext context) =>
        Access.ClientSystem(context.User) is { } client ? $"client:{client}" : $"subject:{Access.Subject(context.User)}";
}

/// <summary>Forgets keys past their retention, hourly.</summary>
public sealed class IdempotencyCleanup(IDocumentStore store, TimeProvider time, ILogger<IdempotencyCleanup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromHours(1), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var session = store.LightweightSession();
                var now = time.GetUtcNow();
                session.DeleteWhere<IdempotencyRecord>(r => r.ExpiresAt < now);
                await session.SaveChangesAsync(stoppingToken);
            }
            catch (Npgsql.NpgsqlException e)
            {
                logger.LogWarning(e, "Expired idempotency keys could not be removed; retrying in an hour.");
            }
        }
    }
}
