using System.Net;
using EventSourced.Api.Infrastructure;
using EventSourced.Api.Modules.Models;
using Microsoft.AspNetCore.Hosting;
using Npgsql;

namespace EventSourced.IntegrationTests.Infrastructure;

/// <summary>The service with tight limits: 5 requests at once, 1 a second, 2 seconds per request.</summary>
public sealed class TightLimitsApi : ApiFactory
{
    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        builder.UseSetting("Api:RequestsPerSecond", "1");
        builder.UseSetting("Api:Burst", "5");
        builder.UseSetting("Api:RequestTimeout", "00:00:02");
    }
}

public class ProtectionTests(TightLimitsApi api) : IClassFixture<TightLimitsApi>
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task A_client_over_its_rate_gets_429_problems_with_Retry_After()
    {
        await Task.Delay(TimeSpan.FromSeconds(5)); // let this client's bucket refill after the fixture's own requests

        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 12; i++)
        {
            responses.Add(await _client.GetAsync("/api/v1/model-types"));
        }

        responses.Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBeInRange(5, 7);
        var limited = responses.First(r => r.StatusCode == HttpStatusCode.TooManyRequests);
        limited.Headers.RetryAfter!.Delta!.Value.TotalSeconds.ShouldBeGreaterThanOrEqualTo(1);
        (await limited.ShouldBeProblem(429)).GetProperty("type").GetString().ShouldBe(Protection.TooManyRequestsType);
    }

    [Fact]
    public async Task A_write_stuck_behind_a_lock_is_abandoned_with_503_after_the_timeout_and_records_nothing()
    {
        // Given: a model whose stream lock another transaction holds and does not release.
        await Task.Delay(TimeSpan.FromSeconds(5));
        var modelId = await _client.RegisteredModel();
        await using var connection = new NpgsqlConnection(ApiFactory.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var hold = new NpgsqlCommand($"select version from {api.Schema}.mt_streams where id = @id for update", connection, transaction))
        {
            hold.Parameters.AddWithValue("id", modelId);
            await hold.ExecuteScalarAsync();
        }
        var before = await api.EventCount();

        // When
        var response = await _client.PostJson($"/api/v1/models/{modelId}/patrols", RecordPatrol.Example);

        // Then
        (await response.ShouldBeProblem(503)).GetProperty("type").GetString().ShouldBe(Protection.TimeoutType);
        await transaction.RollbackAsync();
        (await api.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task Responses_carry_the_security_headers_and_API_data_is_never_cached()
    {
        await Task.Delay(TimeSpan.FromSeconds(2));

        var response = await _client.GetAsync("/api/v1/model-types");

        response.Headers.GetValues("X-Content-Type-Options").ShouldBe(["nosniff"]);
        response.Headers.GetValues("X-Frame-Options").ShouldBe(["DENY"]);
        response.Headers.GetValues("Referrer-Policy").ShouldBe(["no-referrer"]);
        response.Headers.CacheControl!.NoStore.ShouldBeTrue();
        response.Headers.GetValues("Content-Security-Policy").Single().ShouldContain("default-src 'none'");
    }
}
