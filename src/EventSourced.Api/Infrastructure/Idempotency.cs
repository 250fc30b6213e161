using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Frames;
using JasperFx.Core.Reflection;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Wolverine.Http;

namespace EventSourced.Api.Infrastructure;

/// <summary>
/// A command sent with an Idempotency-Key, per client, and its answer. Both are inserted in the command's own session
/// just before its commit (<see cref="IdempotencyPolicy"/>), so the events, the key and the answer commit together or
/// not at all: a crash or a database restart after the commit leaves an answered key, one before it leaves no key and
/// nothing recorded. A concurrent retry with the same key fails on the record's primary key and rolls its own events
/// back, so a command is recorded once however often it is retried.
/// </summary>
public sealed record IdempotencyRecord
{
    public required string Id { get; init; }
    public required string Fingerprint { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
    public required int Status { get; init; }
    public string? ContentType { get; init; }
    public string? Location { get; init; }
    public required string Body { get; init; }
}

public sealed class IdempotencyOptions
{
    /// <summary>How long a key and its answer are kept (configuration "Api:IdempotencyRetention").</summary>
    public TimeSpan IdempotencyRetention { get; set; } = TimeSpan.FromHours(24);
}

/// <summary>What <see cref="IdempotencyMiddleware"/> found for a request's key, for the endpoint's chain to act on.</summary>
internal sealed record IdempotentRequest(string Id, string Fingerprint, DateTimeOffset At, DateTimeOffset ExpiresAt, IdempotencyRecord? Earlier);

public sealed class IdempotencyMiddleware(RequestDelegate next, IDocumentStore store, IOptions<IdempotencyOptions> options, TimeProvider time)
{
    public const string ReplayedHeader = "Idempotent-Replayed";
    public const string KeyMismatchType = "urn:bvantq:problem:idempotency-key-reused";
    internal const string RequestItem = "idempotency:request";

    public async Task InvokeAsync(HttpContext context)
    {
        var key = context.Request.Headers[RequestMetadata.IdempotencyHeader].ToString();
        if (!HttpMethods.IsPost(context.Request.Method) || key.Length == 0
            || context.GetEndpoint()?.Metadata.GetMetadata<HttpChain>() is not { } chain || !IdempotencyPolicy.Covers(chain))
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
        var earlier = await Load(id);
        if (earlier is not null && earlier.ExpiresAt <= now)
        {
            await using var cleanup = store.LightweightSession();
            cleanup.Delete(earlier);
            await cleanup.SaveChangesAsync(context.RequestAborted);
            earlier = null;
        }

        // The earlier answer is replayed inside the endpoint's chain, after its role and jurisdiction checks
        // (IdempotencyPolicy): a key is no way around them.
        context.Items[RequestItem] = new IdempotentRequest(id, fingerprint, now, now + options.Value.IdempotencyRetention, earlier);
        try
        {
            await next(context);
        }
        catch (Exception e) when (!context.Response.HasStarted && (IsKeyTaken(e) || ErrorResponses.IsConcurrencyFailure(e)))
        {
            // A concurrent request with the same key committed first: this one failed on the key's row, or earlier on
            // the same stream, and its events were rolled back. It passed the same checks to get this far, so the first
            // one's answer is its answer.
            var first = await Load(id);
            if (first is null && !IsKeyTaken(e))
            {
                throw;
            }
            await Answer(first, fingerprint).ExecuteAsync(context);
        }
    }

    private static bool IsKeyTaken(Exception e) => e is DocumentAlreadyExistsException { DocumentType: var type } && type == typeof(IdempotencyRecord);

    /// <summary>The earlier answer; 422 when the key came with another request.</summary>
    internal static IResult Answer(IdempotencyRecord? earlier, string fingerprint) => earlier switch
    {
        // Only when the winner of a race was forgotten in between: nothing of this request was recorded.
        null => Results.Problem(ErrorResponses.ConcurrencyConflict()),
        _ when earlier.Fingerprint != fingerprint => Results.Problem(new ProblemDetails
        {
            Type = KeyMismatchType,
            Title = "The Idempotency-Key was used for another request.",
            Status = StatusCodes.Status422UnprocessableEntity,
            Detail = "A key names one command; send a new key for a different request. Nothing was recorded.",
            Extensions = { ["field"] = RequestMetadata.IdempotencyHeader },
        }),
        _ => new Replay(earlier),
    };

    private async Task<IdempotencyRecord?> Load(string id)
    {
        await using var session = store.QuerySession();
        return await session.LoadAsync<IdempotencyRecord>(id);
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

    private sealed class Replay(IdempotencyRecord earlier) : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            context.Response.StatusCode = earlier.Status;
            context.Response.Headers[ReplayedHeader] = "true";
            if (earlier.Location is not null) context.Response.Headers.Location = earlier.Location;
            if (earlier.ContentType is not null) context.Response.ContentType = earlier.ContentType;
            return context.Response.WriteAsync(earlier.Body, context.RequestAborted);
        }
    }
}

/// <summary>
/// Idempotency-Key handling inside every endpoint that commits a Marten session and answers an IResult (every POST but
/// the audit checkpoint). Two frames: after the route's own checks (roles before the chain; jurisdiction middleware,
/// validation and the endpoint's Before methods in it) the earlier answer is replayed, so a caller outside the original
/// request's jurisdiction gets the 403 it would get without the key; and just before the commit the answer is rendered
/// and inserted with the key, so it commits with the events.
/// </summary>
public sealed class IdempotencyPolicy : IHttpPolicy
{
    public static bool Covers(HttpChain chain) =>
        chain.HttpMethods.Contains(HttpMethods.Post) && chain.IsTransactional && chain.ResourceType.CanBeCastTo<IResult>();

    public void Apply(IReadOnlyList<HttpChain> chains, GenerationRules rules, IServiceContainer container)
    {
        foreach (var chain in chains.Where(Covers))
        {
            chain.AddMiddleware(rules, new MethodCall(typeof(IdempotencyPolicy), nameof(ReplayEarlierAnswer)));
            var store = new MethodCall(typeof(IdempotencyPolicy), nameof(StoreAnswer));
            store.Arguments[2] = chain.Method.Creates.First();
            // Postprocessors run in order: the first is the commit the transaction policy added.
            chain.Postprocessors.Insert(0, store);
        }
    }

    public static IResult ReplayEarlierAnswer(HttpContext context) =>
        context.Items[IdempotencyMiddleware.RequestItem] is IdempotentRequest { Earlier: { } earlier } request
            ? IdempotencyMiddleware.Answer(earlier, request.Fingerprint)
            : WolverineContinue.Result();

    /// <summary>
    /// Renders the endpoint's answer into a scratch context (the real response is written after the commit, as
    /// without a key) and inserts it with the key. A 5xx leaves the key free for a retry.
    /// </summary>
    public static async Task StoreAnswer(HttpContext context, IDocumentSession session, IResult result)
    {
        if (context.Items[IdempotencyMiddleware.RequestItem] is not IdempotentRequest { Earlier: null } request)
        {
            return;
        }
        var scratch = new DefaultHttpContext { RequestServices = context.RequestServices, TraceIdentifier = context.TraceIdentifier, User = context.User };
        scratch.Request.Method = context.Request.Method;
        scratch.Request.Path = context.Request.Path;
        foreach (var header in context.Request.Headers)
        {
            scratch.Request.Headers[header.Key] = header.Value;
        }
        await using var body = new MemoryStream();
        scratch.Response.Body = body;
        await result.ExecuteAsync(scratch);
        await scratch.Response.CompleteAsync();
        if (scratch.Response.StatusCode >= StatusCodes.Status500InternalServerError)
        {
            return;
        }
        session.Insert(new IdempotencyRecord
        {
            Id = request.Id,
            Fingerprint = request.Fingerprint,
            CreatedAt = request.At,
            ExpiresAt = request.ExpiresAt,
            Status = scratch.Response.StatusCode,
            ContentType = scratch.Response.ContentType,
            Location = scratch.Response.Headers.Location.ToString() is { Length: > 0 } location ? location : null,
            Body = Encoding.UTF8.GetString(body.ToArray()),
        });
    }
}

/// <summary>Forgets keys past their retention, hourly.</summary>
public sealed class IdempotencyCleanup(IDocumentStore store, TimeProvider time, ILogger<IdempotencyCleanup> logger) : BackgroundService
{
    public const string OutcomeUnknownType = "urn:bvantq:problem:idempotency-outcome-unknown";

    /// <summary>
    /// Versions before the answer was kept in the command's transaction left keys whose command committed but whose
    /// answer was never stored. The command was recorded, so running it again would record it twice: such a key
    /// answers, for the rest of its retention, a 409 that says so.
    /// </summary>
    public static async Task<int> AnswerKeysLeftWithoutAnswer(IDocumentStore store, CancellationToken ct)
    {
        var body = JsonSerializer.Serialize(new ProblemDetails
        {
            Type = OutcomeUnknownType,
            Title = "The command sent with this Idempotency-Key was recorded, but its answer was not kept.",
            Status = StatusCodes.Status409Conflict,
            Detail = "An earlier version of the service recorded it without storing its answer. Do not send it again "
                + "with a new key: read what it recorded (GET the resource, or the unit's history).",
        });
        var table = store.Options.FindOrResolveDocumentType(typeof(IdempotencyRecord)).TableName.QualifiedName;
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var update = new Npgsql.NpgsqlCommand(
            $"update {table} set data = data || jsonb_build_object('status', 409, 'contentType', 'application/problem+json', 'body', $1::text) "
            + "where data->>'status' is null", connection);
        update.Parameters.AddWithValue(body);
        return await update.ExecuteNonQueryAsync(ct);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            if (await AnswerKeysLeftWithoutAnswer(store, stoppingToken) is > 0 and var answered)
            {
                logger.LogWarning("{Count} idempotency keys left without an answer by an earlier version now answer 409 {Type}.", answered, OutcomeUnknownType);
            }
        }
        catch (Npgsql.NpgsqlException e)
        {
            logger.LogWarning(e, "Idempotency keys left without an answer could not be answered; retrying at the next start.");
        }
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
