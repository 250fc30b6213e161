using EventSourced.Api.Modules.Units;
using JasperFx.CodeGeneration.Frames;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Wolverine.Http;

namespace EventSourced.IntegrationTests.Units;

/// <summary>
/// A reform's rules read every unit version they need once. Wolverine runs an endpoint class's Load, Before and
/// Validate methods as middleware by their names: a context loader named Load ran before Post and again inside it.
/// </summary>
public class ReformChainTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public void Recording_a_reform_runs_none_of_its_endpoints_own_methods_as_middleware()
    {
        // Given
        var chain = api.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .Select(e => e.Metadata.GetMetadata<HttpChain>()).OfType<HttpChain>()
            .Single(c => c.RoutePattern!.RawText == "/api/v1/reforms" && c.HttpMethods.Contains("POST"));

        // When
        var own = chain.Middleware.OfType<MethodCall>().Where(c => c.HandlerType == typeof(RecordReformEndpoint)).Select(c => c.Method.Name);

        // Then
        own.ShouldBeEmpty();
    }
}
