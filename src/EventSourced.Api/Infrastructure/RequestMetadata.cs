using System.Text.RegularExpressions;
using Marten;

namespace EventSourced.Api.Infrastructure;

/// <summary>
/// The who/why of every write. The correlation id comes from <c>X-Correlation-Id</c> (or is generated) and is echoed on
/// the response; the causation id is the command: its <c>Idempotency-Key</c> when the client sent one, else the
/// request id; the user is the token's subject and the client system its <c>azp</c>, never what a body claims.
/// </summary>
public static partial class RequestMetadata
{
    public const string CorrelationHeader = "X-Correlation-Id";
    public const string IdempotencyHeader = "Idempotency-Key";

    /// <summary>Middleware: make sure every request has a usable correlation id, and echo it.</summary>
    public static async Task EnsureCorrelationId(HttpContext context, Func<Task> next)
    {
        var supplied = context.Request.Headers[CorrelationHeader].ToString();
        var correlationId = IsSafeId(supplied) ? supplied : Ids.New().ToString("N");
        context.Request.Headers[CorrelationHeader] = correlationId;
        context.Response.Headers[CorrelationHeader] = correlationId;
        // Every log line of the request carries the correlation id, so a problem document, its events and its logs tie up.
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("EventSourced.Api.Requests");
        using (logger.BeginScope(new Dictionary<string, object> { ["CorrelationId"] = correlationId }))
        {
            await next();
        }
    }

    public static string CorrelationId(HttpContext context) => context.Request.Headers[CorrelationHeader].ToString();

    public static string CausationId(HttpContext context)
    {
        var key = context.Request.Headers[IdempotencyHeader].ToString();
        return IsSafeId(key) ? key : context.TraceIdentifier;
    }

    /// <summary>Ids from clients end up in logs and events: printable, no spaces, bounded.</summary>
    public static bool IsSafeId(string value) => SafeId().IsMatch(value);

    [GeneratedRegex(@"^[A-Za-z0-9._:\-]{1,128}\z")]
    private static partial Regex SafeId();
}

/// <summary>
/// Wolverine middleware on every endpoint that writes through a Marten session. Wolverine already copies the
/// correlation header into the session it opens (ApplyCorrelationIdHeaderToAllEndpoints, for the outbox too); setting it
/// here as well keeps all three pieces of who/why in one readable place.
/// </summary>
public static class EventMetadataMiddleware
{
    /// <summary>Event header naming the client system that sent the command (the token's azp).</summary>
    public const string ClientHeader = "client";

    public static void Before(HttpContext context, IDocumentSession session)
    {
        session.CorrelationId = RequestMetadata.CorrelationId(context);
        session.CausationId = RequestMetadata.CausationId(context);
        // Who acted is the token's subject and client system, never what a body claims.
        if (context.User.Identity is { IsAuthenticated: true })
        {
            session.LastModifiedBy = Access.Subject(context.User);
            if (Access.ClientSystem(context.User) is { } client)
            {
                session.SetHeader(ClientHeader, client);
            }
        }
    }
}
