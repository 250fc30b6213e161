using EventSourced.Api.Modules.Clusters;

namespace EventSourced.Tests.Clusters;

/// <summary>Rule 8: emulation clusters with members over time.</summary>
public class ClusterTests
{
    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    private static readonly EmulationCluster Cluster1 = EmulationCluster
        .Create(new EmulationClusterFormed(Guid.Empty, "bca-cum-1", "Cụm thi đua số 1, Bộ Công an", "Vì an ninh Tổ quốc", D(2013, 1, 1)))
        .Apply(new ClusterMemberJoined(Guid.Empty, "01", "Công an thành phố Hà Nội", D(2013, 1, 1)))
        .Apply(new ClusterMemberJoined(Guid.Empty, "79", "Công an Thành phố Hồ Chí Minh", D(2013, 1, 1)))
        .Apply(new ClusterMemberJoined(Guid.Empty, "48", "Công an thành phố Đà Nẵng", D(2015, 1, 1)))
        .Apply(new ClusterMemberLeft(Guid.Empty, "48", D(2020, 1, 1)));

    [Fact]
    public void Members_are_those_who_had_joined_and_not_yet_left_on_the_date()
    {
        Cluster1.MembersOn(D(2014, 6, 30)).Select(m => m.ProvinceCode).ShouldBe(["01", "79"]);
        Cluster1.MembersOn(D(2016, 6, 30)).Select(m => m.ProvinceCode).ShouldBe(["01", "79", "48"]);
        Cluster1.MembersOn(D(2020, 1, 1)).Select(m => m.ProvinceCode).ShouldBe(["01", "79"]);
    }

    [Fact]
    public void Joining_before_the_cluster_was_formed_is_a_422_on_joinedOn()
    {
        var problem = AddClusterMemberEndpoint.Check(new AddClusterMember("92", "Công an thành phố Cần Thơ", D(2012, 1, 1)), Cluster1);

        problem!.Status.ShouldBe(422);
        problem.Extensions["field"].ShouldBe("joinedOn");
    }

    [Fact]
    public void A_current_member_joining_again_on_another_date_is_a_409()
    {
        AddClusterMemberEndpoint.Check(AddClusterMember.Example with { JoinedOn = D(2014, 1, 1) }, Cluster1)!.Status.ShouldBe(409);
        AddClusterMemberEndpoint.Check(AddClusterMember.Example, Cluster1).ShouldBeNull();
    }

    [Fact]
    public void A_former_member_can_join_again_from_its_departure_on_but_not_before()
    {
        AddClusterMemberEndpoint.Check(new AddClusterMember("48", "Công an thành phố Đà Nẵng", D(2022, 1, 1)), Cluster1).ShouldBeNull();
        AddClusterMemberEndpoint.Check(new AddClusterMember("48", "Công an thành phố Đà Nẵng", D(2019, 1, 1)), Cluster1)!.Status.ShouldBe(422);
    }

    [Fact]
    public void Leaving_a_cluster_one_never_joined_is_a_404_and_before_joining_a_422()
    {
        RemoveClusterMemberEndpoint.Check("92", RemoveClusterMember.Example, Cluster1)!.Status.ShouldBe(404);
        RemoveClusterMemberEndpoint.Check("79", new RemoveClusterMember(D(2012, 12, 31)), Cluster1)!.Status.ShouldBe(422);
    }
}
