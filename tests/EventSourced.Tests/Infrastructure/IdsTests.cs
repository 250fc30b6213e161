using EventSourced.Api.Infrastructure;

namespace EventSourced.Tests.Infrastructure;

public class IdsTests
{
    [Fact]
    public void Ids_made_one_after_the_other_sort_one_after_the_other_even_within_a_millisecond()
    {
        var ids = Enumerable.Range(0, 10_000).Select(_ => Ids.New()).ToList();

        ids.Select(id => id.ToString()).ShouldBe(ids.Select(id => id.ToString()).Order(StringComparer.Ordinal));
        ids.Distinct().Count().ShouldBe(10_000);
    }

    [Fact]
    public void Ids_are_version_7_with_the_RFC_variant_and_carry_their_creation_time()
    {
        var now = new DateTimeOffset(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);

        var id = Ids.New(now).ToString();

        id[14].ShouldBe('7');
        "89ab".ShouldContain(id[19]);
        Convert.ToInt64(id[..8] + id[9..13], 16).ShouldBeGreaterThanOrEqualTo(now.ToUnixTimeMilliseconds());
    }
}
