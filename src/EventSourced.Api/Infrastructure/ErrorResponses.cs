using System.Globalization;
using System.Net.Sockets;
using Marten.Exceptions;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace EventSourced.Api.Infrastructure;

/// <summary>
/// Problem documents for what the framework answers by itself (404 for unknown routes, 405, 415 from routing) and for
/// unexpected failures: a 500 says only that it failed and which correlation id to quote, never a stack trace or SQL.
/// A store that cannot be reached is not a failure of the request: 503 with Retry-After, so clients retry it.
/// </summary>
public static class ErrorResponses
{
    /// <summary>Seconds a client waits before retrying when PostgreSQL is unreachable: a restart takes a few.</summary>
    public const int StoreRetryAfterSeconds = 5;

    // A connection lost during COMMIT leaves the outcome unknown here, so the detail promises no more than the key does.
    internal static readonly string StoreUnavailableDetail =
        $"Retry after {StoreRetryAfterSeconds} seconds; a write retried with the same Idempotency-Key is recorded at most once.";

    public static IServiceCollection AddErrorResponses(this IServiceCollection services) =>
        services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
        {
            ctx.ProblemDetails.Extensions.Remove("traceId");
            var correlationId = RequestMetadata.CorrelationId(ctx.HttpContext);
            ctx.ProblemDetails.Extensions["correlationId"] = correlationId;
            // The exception handler clears the response, headers included: echo the correlation id again.
            ctx.HttpContext.Response.Headers[RequestMetadata.CorrelationHeader] = correlationId;
            if (ctx.Exception is not null && IsConcurrencyFailure(ctx.Exception))
            {
                var conflict = ConcurrencyConflict();
                (ctx.ProblemDetails.Type, ctx.ProblemDetails.Title, ctx.ProblemDetails.Detail) = (conflict.Type, conflict.Title, conflict.Detail);
            }
            else if (ctx.Exception is not null && IsStoreUnavailable(ctx.Exception))
            {
                ctx.ProblemDetails.Type = Problems.StoreUnavailableType;
                ctx.ProblemDetails.Title = "The ledger's database cannot be reached.";
                ctx.ProblemDetails.Detail = StoreUnavailableDetail;
                ctx.HttpContext.Response.Headers.RetryAfter = StoreRetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
            }
            else if (ctx.Exception is not null)
            {
                ctx.ProblemDetails.Type = "urn:bvantq:problem:internal";
                ctx.ProblemDetails.Title = "The ledger could not complete the request.";
                ctx.ProblemDetails.Detail = "Nothing was recorded. Quote the correlation id when reporting this.";
            }
            Translations.Translate(ctx.ProblemDetails);
        });

    public static WebApplication UseErrorResponses(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions { StatusCodeSelector = StatusFor });
        app.UseStatusCodePages();
        return app;
    }

    internal static int StatusFor(Exception exception) => exception switch
    {
        _ when IsConcurrencyFailure(exception) => StatusCodes.Status409Conflict,
        _ when IsStoreUnavailable(exception) => StatusCodes.Status503ServiceUnavailable,
        BadHttpRequestException e => e.StatusCode,
        OperationCanceledException => StatusCodes.Status499ClientClosedRequest,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>
    /// A write lost a race: an expected version did not match (JasperFx.ConcurrencyException and its subclasses), a
    /// stream lock could not be had in time, or a stream id was taken. Nothing was appended; reading again and
    /// retrying is safe.
    /// </summary>
    internal static bool IsConcurrencyFailure(Exception exception) =>
        exception is JasperFx.ConcurrencyException or StreamLockedException or ExistingStreamIdCollisionException;

    /// <summary>
    /// PostgreSQL cannot be reached or will not take the connection: refused or broken sockets and timeouts (Npgsql's
    /// transient client-side failures), SQLSTATE class 08 (connection exception), 57P01-57P03 (shut down, crashed,
    /// starting) and 53300 (too many connections). Server-side errors that Npgsql also calls transient (deadlock,
    /// serialization failure) are not outages. Marten and Wolverine wrap these, so the whole chain is searched.
    /// </summary>
    internal static bool IsStoreUnavailable(Exception exception) => Causes(exception).Any(e => e switch
    {
        PostgresException p => p.SqlState.StartsWith("08", StringComparison.Ordinal) || p.SqlState is "57P01" or "57P02" or "57P03" or "53300",
        NpgsqlException n => n.IsTransient,
        SocketException => true,
        _ => false,
    });

    private static IEnumerable<Exception> Causes(Exception exception)
    {
        var pending = new Stack<Exception>([exception]);
        while (pending.TryPop(out var current))
        {
            yield return current;
            if (current is AggregateException aggregate)
            {
                aggregate.InnerExceptions.ToList().ForEach(pending.Push);
            }
            else if (current.InnerException is { } inner)
            {
                pending.Push(inner);
            }
        }
    }

    /// <summary>The single mapping of optimistic-concurrency failures (expected version, stream lock) to 409.</summary>
    public static ProblemDetails ConcurrencyConflict() => new()
    {
        Type = Problems.ConcurrencyType,
        Title = "Another write to the same record happened first.",
        Status = StatusCodes.Status409Conflict,
        Detail = "Nothing was recorded. Read the record again and retry.",
    };
}
