using System.Text.Json.Nodes;
using EventSourced.Api.Infrastructure;

namespace EventSourced.Tests.Infrastructure;

public class FigureCsvTests
{
    [Fact]
    public void Each_figure_becomes_one_row_with_its_path_exact_value_and_display()
    {
        var node = JsonNode.Parse("""
            {"code":"773","figures":{"shifts":{"exact":236,"display":"hơn 230"},"cases":{"exact":7,"display":"7"}},
             "byType":[{"modelType":"security-cameras","coverage":{"exact":109,"display":"hơn 100"}}],"knownAt":null}
            """);

        FigureCsv.Rows(node).ShouldBe([
            ("code", "773", ""),
            ("figures.shifts", "236", "hơn 230"),
            ("figures.cases", "7", "7"),
            ("byType[security-cameras].modelType", "security-cameras", ""),
            ("byType[security-cameras].coverage", "109", "hơn 100"),
            ("knownAt", "", ""),
        ]);
    }
}
