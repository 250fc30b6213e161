using EventSourced.Api.Infrastructure;
using EventSourced.Api.Modules.Models;
using FluentValidation;
using JasperFx.CodeGeneration.Frames;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Wolverine.Http;

namespace EventSourced.IntegrationTests.Infrastructure;

/// <summary>
/// Issue 13: one policy runs the registered validator of every request type, where the endpoints' one-line Validate
/// bridges ran. Read from the routes Wolverine built, so a route that takes a validated type without the check fails.
/// </summary>
public class ValidationPolicyTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private IReadOnlyList<HttpChain> Chains() =>
        [.. api.Services.GetRequiredService<EndpointDataSource>().Endpoints.Select(e => e.Metadata.GetMetadata<HttpChain>()).OfType<HttpChain>()];

    /// <summary>The request types the API's validators are written for, found by reflection rather than by the policy.</summary>
    private static readonly IReadOnlyList<Type> ValidatedTypes = [.. typeof(ValidationPolicy).Assembly.GetTypes()
        .Where(t => t is { IsAbstract: false, IsGenericTypeDefinition: false })
        .SelectMany(t => t.GetInterfaces())
        .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IValidator<>))
        .Select(i => i.GetGenericArguments()[0])
        .Distinct()];

    private static int IndexOfCheck(HttpChain chain, Type type) => chain.Middleware.FindIndex(f =>
        f is MethodCall { Method: { Name: nameof(ValidationPolicy.Check), IsGenericMethod: true } method } call
        && call.HandlerType == typeof(ValidationPolicy) && method.GetGenericArguments()[0] == type);

    private static string Route(HttpChain chain) => $"{string.Join('/', chain.HttpMethods)} {chain.RoutePattern!.RawText}";

    [Fact]
    public void Every_route_that_takes_a_validated_type_runs_its_validator()
    {
        // Given
        var chains = Chains();

        // When
        var routes = ValidatedTypes
            .SelectMany(type => chains.Where(c => c.Method.Method.GetParameters().Any(p => p.ParameterType == type)).Select(c => (Chain: c, Type: type)))
            .ToList();

        // Then
        routes.Select(r => Route(r.Chain)).ShouldContain("POST /api/v1/models/{modelId}/patrols");
        routes.Where(r => IndexOfCheck(r.Chain, r.Type) < 0).Select(r => Route(r.Chain)).ShouldBeEmpty();
    }

    [Fact]
    public void The_validator_runs_after_the_routes_middleware_and_before_the_endpoints_own_checks_and_the_idempotent_replay()
    {
        // Given
        var chain = Chains().Single(c => c.RoutePattern!.RawText == "/api/v1/models" && c.HttpMethods.Contains("POST"));

        // When
        var frames = chain.Middleware.OfType<MethodCall>().Select(c => c.HandlerType == typeof(ValidationPolicy) ? "check" : c.Method.Name).ToList();

        // Then
        frames.ShouldBe([nameof(EventMetadataMiddleware.Before), "check", nameof(RegisterModelEndpoint.Before), nameof(IdempotencyPolicy.ReplayEarlierAnswer)]);
    }
}
