using Marten.Exceptions;
using Microsoft.AspNetCore.Mvc;

namespace EventSourced.Api.Infrastructure;

/// <summary>
/// Problem documents for what the framework answers by itself (404 for unknown routes, 405, 415 from routing) and for
/// unexpected failures: a 500 says only that it failed and which correlation id to quote, never a stack trace or SQL.
/// </summary>
public static class ErrorResponses
{
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
            else if (ctx.Exception is not null)
            {
                ctx.ProblemDetails.Type = "urn:bvantq:problem:internal";
                ctx.ProblemDetails.Title = "The ledger could not complete the request.";
                ctx.ProblemDetails.Detail = "Nothing was recorded. Quote the correlation id when reporting this.";
            }
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

    /// <summary>The single mapping of optimistic-concurrency failures (expected version, stream lock) to 409.</summary>
    public static ProblemDetails ConcurrencyConflict() => new()
    {
        Type = Problems.ConcurrencyType,
        Title = "Another write to the same record happened first.",
        Status = StatusCodes.Status409Conflict,
        Detail = "Nothing was recorded. Read the record again and retry.",
    };
}
