using EventSourced.Api.Infrastructure;

namespace EventSourced.Tests.Infrastructure;

public class DatesTests
{
    [Theory]
    [InlineData("1990-01-01", true)]
    [InlineData("2999-12-31", true)]
    [InlineData("1989-12-31", false)]
    [InlineData("9999-12-31", false)]
    [InlineData("2023-02-30", false)]
    [InlineData("2023-06-30T00:00:00+07:00", false)]
    public void A_query_date_is_a_day_of_the_ledger_years(string text, bool accepted)
    {
        Dates.TryParseQuery(text, TimeProvider.System, out _).ShouldBe(accepted);
    }
}
