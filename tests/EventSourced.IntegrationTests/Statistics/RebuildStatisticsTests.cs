using EventSourced.Api.Modules.Statistics;
using Marten;
using Npgsql;

namespace EventSourced.IntegrationTests.Statistics;

public class RebuildStatisticsTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    private async Task<ActivityFigures> Figures(string code) =>
        (await (await _client.GetAsync($"/api/v1/units/{code}/statistics?from=2023-01-01&to=2023-12-31")).Read<UnitStatistics>()).Figures;

    [Fact]
    public async Task Rebuilding_the_statistics_brings_back_read_models_that_were_lost_from_the_events_alone()
    {
        // Given: recorded activity, then the statistics read models wiped behind the ledger's back.
        var modelId = await _client.RegisteredModel(unit: "27259", launch: new DateOnly(2023, 1, 10));
        await _client.RecordedPatrol(modelId, participants: 7, on: new DateOnly(2023, 3, 1));
        await _client.RecordedPatrol(modelId, participants: 5, on: new DateOnly(2023, 6, 2));
        await api.WaitForProjections();
        var before = await Figures("27259");
        await using (var connection = new NpgsqlConnection(ApiFactory.ConnectionString))
        {
            await connection.OpenAsync();
            await using var wipe = new NpgsqlCommand($"delete from {api.Schema}.statistics_activity; delete from {api.Schema}.{ModelStatesProjection.Table}", connection);
            await wipe.ExecuteNonQueryAsync();
        }
        (await Figures("27259")).Shifts.Exact.ShouldBe(0);

        // When
        var rebuilt = await RebuildStatisticsCommand.Rebuild(api.Store, TimeSpan.FromMinutes(1), CancellationToken.None);

        // Then: every asynchronous projection, and only those, was rebuilt; the figures are what they were.
        rebuilt.Select(r => r.Projection).Order().ShouldBe(new[] { ReadModelNames.Activity, ReadModelNames.Catalogue, ReadModelNames.Models }.Order());
        var after = await Figures("27259");
        before.Shifts.Exact.ShouldBe(2);
        after.Shifts.Exact.ShouldBe(2);
        after.Participations.Exact.ShouldBe(12);
        await using var session = api.Store.QuerySession();
        (await session.Query<ModelFacts>().CountAsync()).ShouldBe(1);
        (await session.AdvancedSql.QueryAsync<int>($"select count(*)::int from {api.Schema}.{ModelStatesProjection.Table}", CancellationToken.None)).Single().ShouldBe(1);
    }
}
