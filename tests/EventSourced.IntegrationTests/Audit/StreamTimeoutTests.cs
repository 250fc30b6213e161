using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace EventSourced.IntegrationTests.Audit;

/// <summary>
/// The request timeout (Api:RequestTimeout, 30 s) cancels a request; a streamed export or history cancelled after its
/// first flush has no way left to say so, and would end as a truncated document. Those two routes are exempt: they
/// stream in batches for as long as the ledger takes, and end with the manifest or an explicit error record.
/// </summary>
public class StreamTimeoutTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Theory]
    [InlineData("/api/v1/units/{code}/export")]
    [InlineData("/api/v1/units/{code}/history")]
    public void A_streamed_audit_answer_is_not_cut_off_by_the_request_timeout(string route)
    {
        // Given
        var endpoint = api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Single(e => e.RoutePattern.RawText == route);

        // When
        var exempt = endpoint.Metadata.GetMetadata<DisableRequestTimeoutAttribute>();

        // Then
        exempt.ShouldNotBeNull(route);
    }
}
