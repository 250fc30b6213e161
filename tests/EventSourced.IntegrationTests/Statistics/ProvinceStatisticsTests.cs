using Marten.Events.Daemon.Coordination;
using Microsoft.Extensions.DependencyInjection;
using EventSourced.Api.Modules.Commendations;
using EventSourced.Api.Modules.Reference;
using EventSourced.Api.Modules.Statistics;

namespace EventSourced.IntegrationTests.Statistics;

public class ProvinceStatisticsTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    private async Task<ProvinceStatistics> Statistics(string province) =>
        await (await _client.GetAsync($"/api/v1/provinces/{province}/statistics")).Read<ProvinceStatistics>();

    [Fact]
    public async Task A_provinces_figures_count_its_models_patrols_and_commendations_once_the_daemon_caught_up()
    {
        // Given
        var police = await _client.RegisteredModel(province: "48", unit: "20194", type: "security-cameras", lead: Organisation.Police);
        var front = await _client.RegisteredModel(province: "48", unit: "20197", type: "security-cameras", lead: Organisation.FatherlandFront,
            kind: ModelKind.GoodPractice);
        await _client.RegisteredModel(province: "48", unit: "20197", type: "youth-shock-brigade", lead: Organisation.YouthUnion);
        await _client.RecordedPatrol(police, participants: 6);
        await _client.RecordedPatrol(police, participants: 8);
        await _client.RecordedPatrol(front, participants: 10);
        await _client.GrantedCommendation(province: "48", unit: "20194");
        await _client.GrantedCommendation(province: "48", unit: "20197", form: CommendationForm.CertificateOfCommendation, issuer: IssuingOrganisation.ProvincialPolice);
        await _client.RegisteredModel(province: "92", unit: "31117");

        // When
        await api.WaitForProjections();
        var view = await Statistics("48");

        // Then
        var m = view.Models;
        view.ProvinceCode.ShouldBe("48");
        m.Launched.Exact.ShouldBe(3);
        m.ByKind.ToDictionary(k => k.Key, k => k.Value.Exact).ShouldBe(new Dictionary<string, long> { ["MODEL"] = 2, ["GOOD_PRACTICE"] = 1 }, ignoreOrder: true);
        m.ByType.ToDictionary(k => k.Key, k => k.Value.Exact).ShouldBe(new Dictionary<string, long> { ["security-cameras"] = 2, ["youth-shock-brigade"] = 1 }, ignoreOrder: true);
        m.ByLeadOrganisation.ToDictionary(k => k.Key, k => k.Value.Exact)
            .ShouldBe(new Dictionary<string, long> { ["POLICE"] = 1, ["FATHERLAND_FRONT"] = 1, ["YOUTH_UNION"] = 1 }, ignoreOrder: true);
        view.Activity.Shifts.Exact.ShouldBe(3);
        view.Activity.Participations.Exact.ShouldBe(24);
        view.Activity.Inspections.Exact.ShouldBe(6);
        view.CommendationsByForm.ToDictionary(k => k.Key, k => k.Value.Exact)
            .ShouldBe(new Dictionary<string, long> { ["CERTIFICATE_OF_MERIT"] = 1, ["CERTIFICATE_OF_COMMENDATION"] = 1 }, ignoreOrder: true);
        view.CommendationsByIssuer.ToDictionary(k => k.Key, k => k.Value.Exact)
            .ShouldBe(new Dictionary<string, long> { ["PROVINCIAL_PEOPLES_COMMITTEE"] = 1, ["PROVINCIAL_POLICE"] = 1 }, ignoreOrder: true);
        view.Freshness.ShouldAllBe(f => f.IsCurrent);
        view.Freshness.Single(f => f.Projection == ReadModelNames.Models).LastEventSequence.ShouldBe(await api.EventCount());
        (await Statistics("92")).Models.Launched.Exact.ShouldBe(1);
    }

    [Fact]
    public async Task Figures_read_before_the_daemon_caught_up_say_they_are_behind()
    {
        // Given: the daemon is paused, so the next events cannot be reflected yet.
        await api.WaitForProjections();
        var daemon = api.Services.GetRequiredService<IProjectionCoordinator>().DaemonForMainDatabase();
        await daemon.StopAllAsync();
        try
        {
            await _client.RegisteredModel(province: "01", unit: "00004");
            await _client.RegisteredModel(province: "01", unit: "00007");

            // When
            var view = await Statistics("01");

            // Then
            var timelines = view.Freshness.Single(f => f.Projection == ReadModelNames.Models);
            timelines.IsCurrent.ShouldBeFalse();
            timelines.EventsBehind.ShouldBeGreaterThanOrEqualTo(2);
            timelines.LastEventSequence.ShouldBe(await api.EventCount());
        }
        finally
        {
            await daemon.StartAllAsync();
        }
    }

    [Fact]
    public async Task A_province_with_nothing_recorded_answers_zeros()
    {
        var view = await Statistics("31");

        view.ProvinceCode.ShouldBe("31");
        view.Models.Launched.Exact.ShouldBe(0);
        view.Activity.Shifts.Exact.ShouldBe(0);
    }

    [Fact]
    public async Task A_malformed_province_code_answers_400_on_provinceCode()
    {
        var response = await _client.GetAsync("/api/v1/provinces/HN/statistics");

        (await response.ShouldBeProblem(400)).Fields().ShouldBe(["provinceCode"]);
    }
}
