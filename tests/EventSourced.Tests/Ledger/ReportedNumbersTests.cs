using EventSourced.Api.Ledger;

namespace EventSourced.Tests.Ledger;

/// <summary>
/// DESIGN.md rule 10: "hơn N" is the count rounded down to two significant digits, grouped with dots, and only when
/// the rounding dropped something.
/// </summary>
public class ReportedNumbersTests
{
    [Theory]
    [InlineData(1651, "hơn 1.600")]
    [InlineData(1616, "hơn 1.600")]
    [InlineData(30412, "hơn 30.000")]
    [InlineData(4287, "hơn 4.200")]
    [InlineData(236, "hơn 230")]
    [InlineData(110, "110")]
    [InlineData(1600, "1.600")]
    [InlineData(30000, "30.000")]
    [InlineData(101, "hơn 100")]
    [InlineData(100, "100")]
    [InlineData(99, "99")]
    [InlineData(7, "7")]
    [InlineData(0, "0")]
    public void A_count_is_shown_as_the_reviews_write_it(long count, string shown)
    {
        ReportedNumbers.MoreThan(count).ShouldBe(shown);
    }

    [Fact]
    public void More_than_appears_exactly_when_the_rounded_value_is_below_the_count()
    {
        // Every count up to 100,000 and the edges of each power of ten above it, rather than a sample.
        var counts = Enumerable.Range(0, 100_001).Select(c => (long)c)
            .Concat(Enumerable.Range(6, 10).SelectMany(e => new[] { -1L, 0L, 1L }.Select(d => (long)Math.Pow(10, e) + d)));

        foreach (var count in counts)
        {
            var shown = ReportedNumbers.MoreThan(count);
            var rounded = ReportedNumbers.RoundedDown(count);
            var saysMoreThan = shown.StartsWith("hơn ", StringComparison.Ordinal);

            saysMoreThan.ShouldBe(rounded < count, $"count {count}: {shown}");
            shown.ShouldBe(saysMoreThan ? $"hơn {ReportedNumbers.Grouped(rounded)}" : ReportedNumbers.Grouped(count), $"count {count}");
        }
    }

    [Theory]
    [InlineData(1616, "1.616")]
    [InlineData(1234567, "1.234.567")]
    [InlineData(495, "495")]
    public void Thousands_are_grouped_with_dots(long count, string grouped)
    {
        ReportedNumbers.Grouped(count).ShouldBe(grouped);
    }

    [Fact]
    public void A_reported_more_than_N_holds_only_when_the_count_exceeds_N()
    {
        ReportedNumbers.SatisfiesMoreThan(30001, 30000).ShouldBeTrue();
        ReportedNumbers.SatisfiesMoreThan(30000, 30000).ShouldBeFalse();
    }
}
