using EventSourced.Api.Ledger;

namespace EventSourced.Tests.Ledger;

public class VietnamTimeTests
{
    [Fact]
    public void A_moment_late_in_the_UTC_evening_is_the_next_day_in_Vietnam()
    {
        VietnamTime.DateOf(new DateTimeOffset(2023, 5, 1, 18, 0, 0, TimeSpan.Zero)).ShouldBe(new DateOnly(2023, 5, 2));
    }

    [Fact]
    public void A_moment_given_in_Vietnam_time_keeps_its_date()
    {
        VietnamTime.DateOf(new DateTimeOffset(2023, 5, 1, 23, 59, 0, VietnamTime.Offset)).ShouldBe(new DateOnly(2023, 5, 1));
    }
}
