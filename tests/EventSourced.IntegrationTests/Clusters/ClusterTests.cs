using System.Net;
using EventSourced.Api.Modules.Clusters;

namespace EventSourced.IntegrationTests.Clusters;

public class ClusterTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    private static readonly (string Province, string Name)[] Members =
    [
        ("01", "Công an thành phố Hà Nội"), ("79", "Công an Thành phố Hồ Chí Minh"), ("48", "Công an thành phố Đà Nẵng"),
        ("92", "Công an thành phố Cần Thơ"), ("31", "Công an thành phố Hải Phòng"),
    ];

    private async Task FormCluster(string code = "bca-cum-1")
    {
        await _client.PostJson("/api/v1/clusters", FormEmulationCluster.Example with { Code = code });
        foreach (var (province, name) in Members)
        {
            await _client.PostJson($"/api/v1/clusters/{code}/members", new AddClusterMember(province, name, new DateOnly(2013, 1, 1)));
        }
    }

    [Fact]
    public async Task Cluster_No_1_has_five_members_and_compares_them_over_a_half_year()
    {
        // Given
        await FormCluster();
        var hanoi = await _client.RegisteredModel(province: "01", unit: "00004", launch: new DateOnly(2023, 2, 1));
        await _client.RecordedPatrol(hanoi, participants: 10, on: new DateOnly(2023, 3, 1));
        var hcmc = await _client.RegisteredModel(unit: "27259", launch: new DateOnly(2023, 4, 1));
        await _client.RecordedPatrol(hcmc, participants: 7, on: new DateOnly(2023, 5, 6));
        await _client.RecordedPatrol(hcmc, participants: 8, on: new DateOnly(2023, 7, 6));

        // When
        await api.WaitForProjections();
        var view = await (await _client.GetAsync("/api/v1/clusters/bca-cum-1?asOf=2023-06-30")).Read<ClusterView>();
        var comparison = await (await _client.GetAsync("/api/v1/clusters/bca-cum-1/comparison?from=2023-01-01&to=2023-06-30")).Read<ClusterComparison>();

        // Then
        view.Members.Select(m => m.ProvinceCode).ShouldBe(["01", "79", "48", "92", "31"]);
        comparison.Members.Count.ShouldBe(5);
        comparison.Members.Single(m => m.ProvinceCode == "01").Activity.Participations.Exact.ShouldBe(10);
        comparison.Members.Single(m => m.ProvinceCode == "79").Activity.Shifts.Exact.ShouldBe(1, "the July shift is outside the half-year");
        comparison.Members.Single(m => m.ProvinceCode == "79").ModelsLaunched.Exact.ShouldBe(1);
        comparison.Members.Single(m => m.ProvinceCode == "31").Activity.Shifts.Exact.ShouldBe(0);
    }

    [Fact]
    public async Task A_member_that_left_is_not_compared_after_it_left()
    {
        await FormCluster("bca-cum-1-departures");
        (await _client.PostJson("/api/v1/clusters/bca-cum-1-departures/members/31/departure", new RemoveClusterMember(new DateOnly(2024, 1, 1))))
            .StatusCode.ShouldBe(HttpStatusCode.OK);

        var comparison = await (await _client.GetAsync("/api/v1/clusters/bca-cum-1-departures/comparison?from=2024-01-01&to=2024-06-30")).Read<ClusterComparison>();

        comparison.Members.Select(m => m.ProvinceCode).ShouldNotContain("31");
        comparison.Members.Count.ShouldBe(4);
    }

    [Fact]
    public async Task Forming_the_same_cluster_again_answers_200_and_appends_nothing()
    {
        await FormCluster();
        var before = await api.EventCount();

        (await _client.PostJson("/api/v1/clusters", FormEmulationCluster.Example)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await _client.PostJson("/api/v1/clusters/bca-cum-1/members", AddClusterMember.Example)).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await api.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task An_unknown_cluster_answers_404()
    {
        await (await _client.GetAsync("/api/v1/clusters/no-such-cluster")).ShouldBeProblem(404);
        await (await _client.PostJson("/api/v1/clusters/no-such-cluster/members", AddClusterMember.Example)).ShouldBeProblem(404);
    }
}
