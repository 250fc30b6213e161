using Microsoft.Net.Http.Headers;

namespace EventSourced.Api.Infrastructure;

/// <summary>
/// An error is a problem document whatever the client said it accepts. ASP.NET Core's problem writer and Wolverine's
/// both negotiate on Accept: a statistics client asking for text/csv got a bare "Status Code: 404" in text/plain, or a
/// 406 in place of the 400 its input deserved. Every client is taken to accept application/problem+json as well, at
/// the lowest preference, so a representation it asked for (CSV, JSON) still wins where there is one.
/// </summary>
public static class ProblemsWhateverAccepted
{
    private const string ProblemJson = "application/problem+json;q=0.001";

    public static Task Middleware(HttpContext context, Func<Task> next)
    {
        var accept = context.Request.Headers.Accept;
        if (accept.Count > 0 && !(MediaTypeHeaderValue.TryParseList(accept, out var media) && media.Any(AdmitsProblems)))
        {
            context.Request.Headers.Accept = $"{accept}, {ProblemJson}";
        }
        return next();
    }

    private static bool AdmitsProblems(MediaTypeHeaderValue media) =>
        media.Quality is not 0 && (media.MediaType.Equals("*/*", StringComparison.Ordinal)
            || media.MediaType.Equals("application/*", StringComparison.OrdinalIgnoreCase)
            || media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.MediaType.Equals("application/problem+json", StringComparison.OrdinalIgnoreCase));
}
