using System.Diagnostics;
using EventSourced.Api.Infrastructure;
using EventSourced.Api.Modules.Models;
using Npgsql;

namespace EventSourced.IntegrationTests.Models;

public class StreamLockTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task A_shift_waits_for_a_stream_held_by_another_writer_and_is_recorded_after_it_commits()
    {
        // Given: another writer holds the model's stream lock for two seconds.
        var modelId = await _client.RegisteredModel();
        await using var connection = new NpgsqlConnection(ApiFactory.ConnectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using (var hold = new NpgsqlCommand($"select version from {api.Schema}.mt_streams where id = @id for update", connection, transaction))
        {
            hold.Parameters.AddWithValue("id", modelId);
            await hold.ExecuteScalarAsync();
        }
        var watch = Stopwatch.StartNew();

        // When
        var post = _client.PostJson($"/api/v1/models/{modelId}/patrols", RecordPatrol.Example);
        await Task.Delay(TimeSpan.FromSeconds(2));
        post.IsCompleted.ShouldBeFalse("the shift waits for the lock");
        await transaction.CommitAsync();
        var response = await post.WaitAsync(TimeSpan.FromSeconds(30));

        // Then
        (await response.Read<PatrolAccepted>()).ModelVersion.ShouldBe(2);
        watch.Elapsed.ShouldBeGreaterThan(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void Losing_a_race_for_a_stream_is_a_409_not_a_500()
    {
        ErrorResponses.StatusFor(new JasperFx.ConcurrencyException("Expected 1 but was 3", typeof(SecurityModel), Guid.Empty)).ShouldBe(409);
        ErrorResponses.StatusFor(new Marten.Exceptions.StreamLockedException(Guid.Empty, new TimeoutException())).ShouldBe(409);
        ErrorResponses.StatusFor(new InvalidOperationException()).ShouldBe(500);
    }
}
