using Marten.AspNetCore;

namespace EventSourced.Api.Infrastructure;

/// <summary>
/// Streams a stored document's JSON straight from PostgreSQL with its version as ETag (Marten.AspNetCore), and answers
/// a problem document when there is none: Marten writes a bare 404 with Content-Length 0, which no error page replaces.
/// </summary>
public sealed class StoredDocument<T>(IQueryable<T> query, string notFoundDetail) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        await query.WriteSingle(httpContext);
        if (httpContext.Response.StatusCode == StatusCodes.Status404NotFound && !httpContext.Response.HasStarted)
        {
            httpContext.Response.ContentLength = null;
            await Results.Problem(Problems.NotFound(notFoundDetail)).ExecuteAsync(httpContext);
        }
    }
}
