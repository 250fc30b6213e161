using System.Text;
using System.Text.Json;
using EventSourced.Api.Infrastructure;
using EventSourced.Api.Ledger;
using EventSourced.Api.Modules.Reference;

namespace EventSourced.Tests.Infrastructure;

public class StrictJsonTests
{
    private static readonly JsonSerializerOptions Http = CreateHttp();

    private static JsonSerializerOptions CreateHttp()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        ApiNames.ConfigureHttp(options);
        return options;
    }

    private sealed record Sample(string Name, ModelKind Kind, DateTimeOffset At, int Count);

    private static string Body(string name = "\"Tổ H3\"", string kind = "\"MODEL\"", string at = "\"2023-05-06T19:00:00+07:00\"", string count = "7") =>
        $$"""{"name":{{name}},"kind":{{kind}},"at":{{at}},"count":{{count}}}""";

    [Fact]
    public void The_documented_spelling_of_each_value_reads()
    {
        // When
        var sample = JsonSerializer.Deserialize<Sample>(Body(), Http)!;

        // Then
        sample.ShouldBe(new Sample("Tổ H3", ModelKind.Model, new DateTimeOffset(2023, 5, 6, 19, 0, 0, VietnamTime.Offset), 7));
    }

    [Fact]
    public void Text_typed_with_combining_diacritics_reads_as_its_precomposed_form()
    {
        // Given
        var decomposed = "Lê Hồng Nam".Normalize(NormalizationForm.FormD);

        // When
        var sample = JsonSerializer.Deserialize<Sample>(Body(name: JsonSerializer.Serialize(decomposed)), Http)!;

        // Then
        sample.Name.ShouldBe("Lê Hồng Nam".Normalize(NormalizationForm.FormC));
        sample.Name.Length.ShouldBe(11);
    }

    [Theory]
    [InlineData("\"Tổ\\u0000H3\"", "name")]
    [InlineData("\"Tổ\\u001bH3\"", "name")]
    [InlineData("\"model\"", "kind")]
    [InlineData("\"GoodPractice\"", "kind")]
    [InlineData("\"1\"", "kind")]
    [InlineData("1", "kind")]
    [InlineData("\"2023-05-06T19:00:00\"", "at")]
    [InlineData("\"2023-05-06\"", "at")]
    [InlineData("\"7\"", "count")]
    public void A_value_in_any_other_spelling_is_refused_at_its_field(string value, string field)
    {
        // Given
        var body = field switch
        {
            "name" => Body(name: value),
            "kind" => Body(kind: value),
            "at" => Body(at: value),
            _ => Body(count: value),
        };

        // When
        var refused = Should.Throw<JsonException>(() => JsonSerializer.Deserialize<Sample>(body, Http));

        // Then
        refused.Path.ShouldBe($"$.{field}");
    }

    [Theory]
    [InlineData("Tổ tự quản\tkhu phố 3\r\n")]
    [InlineData("")]
    public void Tabs_and_line_breaks_are_text(string text)
    {
        StrictJson.Normalise(text).ShouldBe(text);
    }

    [Fact]
    public void Timestamps_are_written_as_before()
    {
        JsonSerializer.Serialize(new DateTimeOffset(2023, 5, 6, 19, 0, 0, VietnamTime.Offset), Http).ShouldBe("\"2023-05-06T19:00:00+07:00\"");
    }
}
