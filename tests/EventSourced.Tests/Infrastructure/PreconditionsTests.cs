using EventSourced.Api.Infrastructure;

namespace EventSourced.Tests.Infrastructure;

public class PreconditionsTests
{
    [Theory]
    [InlineData(null, true, null)]
    [InlineData("*", true, null)]
    [InlineData("\"3\"", true, 3L)]
    [InlineData("3", true, 3L)]
    [InlineData("W/\"3\"", false, null)]
    [InlineData("\"abc\"", false, null)]
    [InlineData("\"0\"", false, null)]
    [InlineData("-1", false, null)]
    public void If_Match_carries_a_strong_version_ETag_or_nothing(string? header, bool valid, long? version)
    {
        Preconditions.TryParseIfMatch(header, out var parsed).ShouldBe(valid);
        parsed.ShouldBe(version);
    }
}
