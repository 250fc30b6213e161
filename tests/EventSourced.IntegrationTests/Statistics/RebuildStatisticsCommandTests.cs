using System.Text.RegularExpressions;
using EventSourced.Api.Modules.Commendations;
using EventSourced.Api.Modules.Models;
using EventSourced.Api.Modules.Statistics;
using EventSourced.Api.Modules.Statistics.Measures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace EventSourced.IntegrationTests.Statistics;

/// <summary><c>rebuild-statistics</c> as the command runs it: under the projections' lock, with its progress lines.</summary>
public class RebuildStatisticsCommandTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    private async Task<ActivityFigures> Figures(string code) =>
        (await (await _client.GetAsync($"/api/v1/units/{code}/statistics?from=2022-01-01&to=2024-12-31&knownAt=2024-06-30")).Read<UnitStatistics>()).Figures;

    private async Task<long> LastSequence()
    {
        await using var session = api.Store.QuerySession();
        return (await session.QueryAsync<long>($"select max(seq_id) from {api.Schema}.mt_events")).Single();
    }

    [Fact]
    public async Task Rebuild_statistics_refuses_while_the_services_daemon_owns_the_projections()
    {
        // Given: the service is running its daemon (the test host).
        var output = new StringWriter();

        // When
        var ran = await RebuildStatisticsCommand.Run(api.Store, output, TimeSpan.FromMinutes(1), CancellationToken.None);

        // Then
        ran.ShouldBeFalse();
        output.ToString().ShouldStartWith("rebuild-statistics: refused: a running service's daemon");
    }

    [Fact]
    public async Task The_rebuilt_activity_rows_equal_the_rows_the_live_daemon_kept_and_progress_is_reported()
    {
        // Given: shifts through the API, and a history of every activity kind with corrections, retractions and late reports.
        var modelId = await _client.RegisteredModel(unit: "27262", launch: new DateOnly(2023, 1, 10));
        await _client.RecordedPatrol(modelId, participants: 6, on: new DateOnly(2023, 4, 1));
        var random = new Random(9);
        var t0 = new DateTimeOffset(2023, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var facts = new List<Fact>();
        for (var i = 0; i < 60; i++)
        {
            var on = new DateOnly(2022, 1, 1).AddDays(random.Next(0, 700));
            var shift = new Fact
            {
                Kind = FactKind.Patrol,
                UnitCode = i % 2 == 0 ? "27259" : "27262",
                DistrictCode = "773",
                On = on,
                KnownSince = t0.AddDays(random.Next(0, 800)),
                Shifts = 1,
                Participations = random.Next(2, 9),
                Inspections = random.Next(0, 3),
                Sanctions = new SanctionCounts(random.Next(0, 2), 0, 0),
            };
            if (i % 5 == 0)
            {
                shift = shift with { SupersededOn = on.AddDays(20), SupersededKnownSince = shift.KnownSince.AddDays(3) };
                facts.Add(shift with { Id = Guid.NewGuid(), EffectiveFrom = on.AddDays(20), KnownSince = shift.KnownSince.AddDays(3), Participations = 9, Corrects = shift, SupersededOn = null, SupersededKnownSince = null });
            }
            else if (i % 7 == 0)
            {
                shift = shift with { SupersededOn = on.AddDays(5), SupersededKnownSince = shift.KnownSince.AddDays(40) };
            }
            facts.Add(shift);
            facts.Add(new Fact { Kind = FactKind.Case, DistrictCode = "773", On = on, KnownSince = shift.KnownSince, CasesDetected = 1, ProsecutedOn = on.AddDays(30), ProsecutionKnownSince = shift.KnownSince.AddDays(31) });
            facts.Add(new Fact { Kind = FactKind.EquipmentInstalled, DistrictCode = "773", On = on, KnownSince = shift.KnownSince, Cameras = 2, Recorders = 1 });
            facts.Add(new Fact { Kind = FactKind.Commendation, DistrictCode = "773", On = on, KnownSince = shift.KnownSince, CommendationForm = CommendationForm.CertificateOfMerit, Issuer = IssuingOrganisation.ProvincialPolice });
        }
        await ActivityHistory.Append(api.Store, facts);
        await api.WaitForProjections();
        var live = await Rows();
        var liveFigures = await Figures("773");
        var holder = api.Services.GetServices<IHostedService>().OfType<ProjectionsLock.Holder>().Single();
        await holder.StopAsync(CancellationToken.None);
        var output = new StringWriter();
        try
        {
            // When: the service's daemon has let go of the projections.
            (await RebuildStatisticsCommand.Run(api.Store, output, TimeSpan.FromMinutes(1), CancellationToken.None)).ShouldBeTrue();
        }
        finally
        {
            await holder.StartAsync(CancellationToken.None);
        }

        // Then: the same rows, the same figures, and the progress in the form ops/bench reads.
        (await Rows()).ShouldBe(live);
        (await Figures("773")).ShouldBe(liveFigures);
        liveFigures.Shifts.Exact.ShouldBeGreaterThan(20);
        var lines = output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.ShouldAllBe(l => Regex.IsMatch(l, @"^rebuild-statistics: (\w+ \d+/\d+ events|done \d+ events in \d+\.\d s)\r?$"));
        var last = await LastSequence();
        lines[^1].ShouldStartWith($"rebuild-statistics: done {last} events in ");
        lines.ShouldContain($"rebuild-statistics: {ReadModelNames.Activity} {last}/{last} events");
        await using var session = api.Store.QuerySession();
        var progress = await session.DocumentStore.Advanced.AllProjectionProgress();
        progress.Single(p => p.ShardName == $"{ReadModelNames.Activity}:All").Sequence.ShouldBe(last);
    }

    private async Task<string> Rows()
    {
        await using var connection = new NpgsqlConnection(ApiFactory.ConnectionString);
        await connection.OpenAsync();
        var tables = ActivityRows.TableNames;
        await using var read = new NpgsqlCommand(string.Join(" || '#' || ", tables.Select(t =>
            $"(select coalesce(string_agg(r::text, '|' order by r::text), '') from {api.Schema}.{t} r)")).Insert(0, "select "), connection);
        return (string)(await read.ExecuteScalarAsync())!;
    }
}
