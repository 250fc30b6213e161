using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Mvc;

namespace EventSourced.Api.Infrastructure;

/// <summary>Limits per client and per request, and the headers every response carries (configuration section "Api").</summary>
public sealed class ProtectionOptions
{
    /// <summary>Requests a client may make per second, sustained (token bucket).</summary>
    public int RequestsPerSecond { get; set; } = 50;

    /// <summary>Requests a client may make at once above the sustained rate (end-of-month bursts).</summary>
    public int Burst { get; set; } = 200;

    /// <summary>Longest a request may take before it is abandoned with 503 (a stuck lock, a slow query).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

public static class Protection
{
    public const string TooManyRequestsType = "urn:bvantq:problem:too-many-requests";
    public const string TimeoutType = "urn:bvantq:problem:timeout";

    public static IServiceCollection AddProtection(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Api").Get<ProtectionOptions>() ?? new ProtectionOptions();
        services.AddRateLimiter(o =>
        {
            // One bucket per client system; unauthenticated calls share their remote address's bucket.
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => RateLimitPartition.GetTokenBucketLimiter(
                ClientOf(context),
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = options.Burst,
                    TokensPerPeriod = options.RequestsPerSecond,
                    ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = async (rejected, ct) =>
            {
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                rejected.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await Results.Problem(new ProblemDetails
                {
                    Type = TooManyRequestsType,
                    Title = "Too many requests.",
                    Status = StatusCodes.Status429TooManyRequests,
                    Detail = $"This client may send {options.RequestsPerSecond} requests a second (bursts of {options.Burst}); retry after the time in Retry-After.",
                }).ExecuteAsync(rejected.HttpContext);
            };
        });
        services.AddRequestTimeouts(o => o.DefaultPolicy = new RequestTimeoutPolicy
        {
            Timeout = options.RequestTimeout,
            TimeoutStatusCode = StatusCodes.Status503ServiceUnavailable,
            WriteTimeoutResponse = context => Results.Problem(new ProblemDetails
            {
                Type = TimeoutType,
                Title = "The request took too long.",
                Status = StatusCodes.Status503ServiceUnavailable,
                Detail = $"Abandoned after {options.RequestTimeout.TotalSeconds:0} s; nothing was recorded. Retry later.",
            }).ExecuteAsync(context),
        });
        return services;
    }

    /// <summary>Headers that keep browsers and proxies from doing anything clever with police data.</summary>
    public static async Task SecurityHeaders(HttpContext context, Func<Task> next)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            if (context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal))
            {
                headers.CacheControl = "no-store";
                headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
            }
            return Task.CompletedTask;
        });
        await next();
    }

    /// <summary>The client system of an authenticated call; the remote address of one that is not (yet).</summary>
    private static string ClientOf(HttpContext context) =>
        Access.ClientSystem(context.User) is { } client ? $"client:{client}" : $"address:{context.Connection.RemoteIpAddress}";
}
