using EventSourced.Api.Modules.Officials;

namespace EventSourced.Tests.Officials;

/// <summary>Ranks and positions are dated: the seed facts show a director as Thiếu tướng on 2023-05-31 and as Trung tướng on 2023-12-25.</summary>
public class OfficialTests
{
    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    private static readonly Official Director = Official.Create(new OfficialRegistered(Guid.Empty, "Lê Hồng Nam"))
        .Apply(new OfficialRankRecorded(Guid.Empty, "Trung tướng", D(2023, 7, 1)))
        .Apply(new OfficialRankRecorded(Guid.Empty, "Thiếu tướng", D(2020, 1, 1)))
        .Apply(new OfficialPositionRecorded(Guid.Empty, "Giám đốc", "Công an Thành phố Hồ Chí Minh", D(2020, 1, 1)));

    [Fact]
    public void The_rank_held_on_a_date_is_the_latest_from_on_or_before_it_whatever_the_order_recorded()
    {
        Director.RankOn(D(2019, 12, 31)).ShouldBeNull();
        Director.RankOn(D(2023, 5, 31)).ShouldBe("Thiếu tướng");
        Director.RankOn(D(2023, 12, 25)).ShouldBe("Trung tướng");
    }

    [Fact]
    public void The_position_held_on_a_date_names_the_organisation()
    {
        Director.PositionOn(D(2023, 5, 31)).ShouldBe(new DatedPosition("Giám đốc", "Công an Thành phố Hồ Chí Minh", D(2020, 1, 1)));
    }

    [Fact]
    public void Recording_the_same_rank_from_the_same_date_again_changes_nothing()
    {
        RecordOfficialRankEndpoint.Decide(new RecordOfficialRank("Trung tướng", D(2023, 7, 1)), Director).ShouldBeEmpty();
        RecordOfficialRankEndpoint.Decide(new RecordOfficialRank("Thượng tướng", D(2026, 1, 1)), Director).Count.ShouldBe(1);
    }
}
