using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace EventSourced.Api.Modules.Audit;

/// <summary>
/// Problem documents for requests that accept only NDJSON (a streamed history): ASP.NET's own writer declines them, so
/// an unexpected failure would go out as a 500 with an empty body. A problem is JSON whatever the client streams.
/// </summary>
public sealed class NdjsonProblemWriter(IOptions<ProblemDetailsOptions> options, IOptions<JsonOptions> json) : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) => context.HttpContext.Request.GetTypedHeaders().Accept
        .Any(a => a.MediaType.Equals(GetUnitHistoryEndpoint.NdjsonMediaType, StringComparison.OrdinalIgnoreCase));

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        problem.Status ??= context.HttpContext.Response.StatusCode;
        problem.Title ??= ReasonPhrases.GetReasonPhrase(problem.Status.Value);
        options.Value.CustomizeProblemDetails?.Invoke(context);
        return new ValueTask(context.HttpContext.Response.WriteAsJsonAsync(problem, problem.GetType(), json.Value.SerializerOptions,
            "application/problem+json", context.HttpContext.RequestAborted));
    }
}
