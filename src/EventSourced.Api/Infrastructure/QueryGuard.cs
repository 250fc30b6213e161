using System.Collections.Concurrent;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Wolverine.Http;

namespace EventSourced.Api.Infrastructure;

/// <summary>
/// Checks a read's query string before the endpoint runs: a parameter the route does not have is a 400 naming it (a
/// filter that does nothing must not answer the unfiltered list as if it had worked), and so is a value with a control
/// character (PostgreSQL cannot compare text with U+0000). The route's parameters are the ones its OpenAPI operation
/// declares, read from the Wolverine chain once per endpoint.
/// </summary>
public sealed class QueryGuard(RequestDelegate next)
{
    public const string ControlCharactersMessage = "Control characters are not allowed.";

    private readonly ConcurrentDictionary<HttpChain, IReadOnlySet<string>> _parameters = new();

    public Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Query.Count == 0
            || !HttpMethods.IsGet(context.Request.Method)
            || context.GetEndpoint()?.Metadata.GetMetadata<HttpChain>() is not { } chain)
        {
            return next(context);
        }

        var known = _parameters.GetOrAdd(chain, QueryParameters);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (name, values) in context.Request.Query)
        {
            if (!known.Contains(name))
            {
                errors[name] = [$"This route has no parameter '{name}'; it takes {(known.Count == 0 ? "none" : string.Join(", ", known.Order(StringComparer.Ordinal)))}."];
            }
            else if (values.Any(v => v is not null && StrictJson.Normalise(v) is null))
            {
                errors[name] = [ControlCharactersMessage];
            }
        }
        if (errors.Count == 0)
        {
            return next(context);
        }
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return Results.Problem(Problems.Validation(errors)).ExecuteAsync(context);
    }

    /// <summary>Query names are matched as ASP.NET Core binds them: without regard to case.</summary>
    private static IReadOnlySet<string> QueryParameters(HttpChain chain) =>
        chain.CreateApiDescription(HttpMethods.Get).ParameterDescriptions
            .Where(p => p.Source == BindingSource.Query)
            .Select(p => p.Name)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
}
