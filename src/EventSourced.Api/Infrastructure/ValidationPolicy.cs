using FluentValidation;
using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.CodeGeneration.Frames;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;
using Wolverine.Middleware;

namespace EventSourced.Api.Infrastructure;

/// <summary>
/// Tier 1 of validation for every endpoint: the registered FluentValidation validator of its request type, answered
/// as a validation problem (400, the JSON path of each field at fault). WolverineFx.Http.FluentValidation is not
/// served here, and its problem document is not ours.
/// </summary>
public sealed class ValidationPolicy : IHttpPolicy
{
    /// <summary>The type whose validator the chain runs: its body, or its query record; null when none is registered.</summary>
    public static Type? Validated(HttpChain chain, IServiceContainer container) =>
        chain.InputType() is { } type && container.HasRegistrationFor(typeof(IValidator<>).MakeGenericType(type)) ? type : null;

    public void Apply(IReadOnlyList<HttpChain> chains, GenerationRules rules, IServiceContainer container)
    {
        foreach (var chain in chains)
        {
            if (Validated(chain, container) is not { } type)
            {
                continue;
            }
            var check = new MethodCall(typeof(ValidationPolicy), typeof(ValidationPolicy).GetMethod(nameof(Check))!.MakeGenericMethod(type));
            // Where Wolverine puts an endpoint's own Validate method: after the route's middleware (jurisdiction,
            // If-Match), before the endpoint's Before methods, which may trust the shape, and before the idempotent
            // replay, so a malformed request with a known key is still a 400.
            var position = chain.Middleware.FindIndex(f => f is MethodCall call && call.HandlerType == chain.Method.HandlerType);
            var frames = new List<Frame> { check };
            if (rules.TryFindContinuationHandler(chain, check, out var stop))
            {
                frames.Add(stop!);
            }
            chain.Middleware.InsertRange(position < 0 ? chain.Middleware.Count : position, frames);
        }
    }

    public static ProblemDetails Check<T>(T request, IValidator<T> validator) =>
        Problems.Check(validator, request) ?? WolverineContinue.NoProblems;
}
