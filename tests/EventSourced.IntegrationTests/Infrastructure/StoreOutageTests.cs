using EventSourced.Api.Infrastructure;
using EventSourced.Api.Modules.Models;
using EventSourced.Api.Modules.Statistics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.AspNetCore.Hosting;
using Npgsql;

namespace EventSourced.IntegrationTests.Infrastructure;

/// <summary>The service reaches PostgreSQL through a relay the tests cut, as a database restart would.</summary>
public sealed class OutageApi : ApiFactory
{
    private static readonly NpgsqlConnectionStringBuilder Direct = new(ConnectionString);

    public StoreRelay Relay { get; } = new(Direct.Host!, Direct.Port);

    protected override void ConfigureSettings(IWebHostBuilder builder) =>
        builder.UseSetting("ConnectionStrings:Marten", new NpgsqlConnectionStringBuilder(ConnectionString)
        {
            Host = "127.0.0.1",
            Port = Relay.Port,
            // Fail fast once cut: the default 15 s connect timeout would outlive the test's patience, not the outage.
            Timeout = 3,
        }.ConnectionString);

    /// <summary>Counted past the relay: the service's pool may still hold connections the cut broke.</summary>
    public async Task<long> StoredEvents()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand($"select count(*) from {Schema}.mt_events", connection);
        return (long)(await count.ExecuteScalarAsync())!;
    }

    /// <summary>Whether another process could take the projections lock of this service's schema now (and lets it go again).</summary>
    public async Task<bool> ProjectionsLockIsFree()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var take = new NpgsqlCommand(
            "select pg_try_advisory_lock(hashtext($1)) and pg_advisory_unlock(hashtext($1))", connection);
        take.Parameters.AddWithValue(ProjectionsLock.Key(Schema));
        return (bool)(await take.ExecuteScalarAsync())!;
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Relay.Dispose();
        }
    }
}

/// <summary>Issue 11, item 6: an unreachable store answers 503 with Retry-After, never 500.</summary>
public class StoreOutageTests(OutageApi api) : IClassFixture<OutageApi>
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task While_PostgreSQL_is_unreachable_reads_writes_and_health_answer_503_and_nothing_is_recorded()
    {
        // Given
        var modelId = await _client.RegisteredModel();
        var before = await api.StoredEvents();
        api.Relay.Cut();

        // When
        HttpResponseMessage read, write, health;
        try
        {
            read = await _client.GetAsync($"/api/v1/models/{modelId}");
            write = await _client.PostJson("/api/v1/models", RegisterModel.Example);
            health = await _client.GetAsync("/health");
        }
        finally
        {
            api.Relay.Restore();
        }

        // Then
        foreach (var response in new[] { read, write })
        {
            var problem = await response.ShouldBeProblem(503);
            problem.GetProperty("type").GetString().ShouldBe(Problems.StoreUnavailableType);
            response.Headers.RetryAfter?.Delta.ShouldBe(TimeSpan.FromSeconds(ErrorResponses.StoreRetryAfterSeconds));
        }
        ((int)health.StatusCode).ShouldBe(503);
        (await health.Content.ReadAsStringAsync()).ShouldBe("Unhealthy");
        (await api.StoredEvents()).ShouldBe(before);
    }

    [Fact]
    public async Task A_service_whose_database_connections_were_dropped_stops_cleanly_and_leaves_the_projections_to_the_next()
    {
        // Given: the running service holds the projections lock through the relay.
        var holder = api.Services.GetServices<IHostedService>().OfType<ProjectionsLock.Holder>().Single();
        (await api.ProjectionsLockIsFree()).ShouldBeFalse();

        // When: the database drops every connection (a restart), then the service stops.
        api.Relay.Cut();
        try
        {
            await holder.StopAsync(CancellationToken.None);
        }
        finally
        {
            api.Relay.Restore();
        }

        // Then: the dropped session took the lock with it, so the next daemon or rebuild may take it.
        var free = await api.ProjectionsLockIsFree();
        for (var attempt = 0; attempt < 50 && !free; attempt++)
        {
            await Task.Delay(100); // the backend notices the closed socket on its own schedule
            free = await api.ProjectionsLockIsFree();
        }
        free.ShouldBeTrue();
        await holder.StartAsync(CancellationToken.None);
        (await api.ProjectionsLockIsFree()).ShouldBeFalse();
    }
}
