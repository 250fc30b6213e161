using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsvHelper;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace EventSourced.Api.Infrastructure;

/// <summary>
/// Every statistics answer also comes as CSV for spreadsheet users: one row per figure (its JSON path, the exact value,
/// and the display a report would print), UTF-8 with a byte order mark so Excel shows Vietnamese correctly.
/// </summary>
public static class FigureCsv
{
    public const string MediaType = "text/csv";

    /// <summary>CSV when the client asks for it (Accept: text/csv), else JSON.</summary>
    public static IResult OrJson<T>(HttpContext context, T body)
    {
        var accept = context.Request.GetTypedHeaders().Accept;
        var wantsCsv = accept.Any(a => a.MediaType.Equals(MediaType, StringComparison.OrdinalIgnoreCase))
            && !accept.Any(a => a.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) && a.Quality is null or >= 1);
        if (!wantsCsv)
        {
            return Results.Ok(body);
        }
        var json = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        return Results.Bytes(Write(Rows(JsonSerializer.SerializeToNode(body, json))), $"{MediaType}; charset=utf-8");
    }

    /// <summary>One (figure, exact, display) row per leaf; a {exact, display} pair is one figure.</summary>
    public static IReadOnlyList<(string Figure, string Exact, string Display)> Rows(JsonNode? node)
    {
        var rows = new List<(string, string, string)>();
        Walk(node, "", rows);
        return rows;
    }

    private static void Walk(JsonNode? node, string path, List<(string, string, string)> rows)
    {
        switch (node)
        {
            case JsonObject figure when figure.Count == 2 && figure["exact"] is JsonValue exact && figure["display"] is JsonValue display:
                rows.Add((path, exact.ToJsonString(), display.GetValue<string>()));
                break;
            case JsonObject obj:
                foreach (var (name, child) in obj)
                {
                    Walk(child, path.Length == 0 ? name : $"{path}.{name}", rows);
                }
                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Walk(array[i], $"{path}[{KeyOf(array[i]) ?? i.ToString(CultureInfo.InvariantCulture)}]", rows);
                }
                break;
            case JsonValue value:
                rows.Add((path, value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString(), ""));
                break;
            case null:
                rows.Add((path, "", ""));
                break;
        }
    }

    /// <summary>Array items are named by their key where they have one (modelType, key, typeCode, period), else by position.</summary>
    private static string? KeyOf(JsonNode? item) =>
        item is JsonObject o ? (o["modelType"] ?? o["key"] ?? o["typeCode"] ?? o["period"])?.GetValue<string>() : null;

    private static byte[] Write(IReadOnlyList<(string Figure, string Exact, string Display)> rows)
    {
        using var buffer = new MemoryStream();
        using (var writer = new StreamWriter(buffer, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true))
        {
            using (var csv = CsvWriter.Create(writer, CsvWriterOptions.Default, leaveOpen: true))
            {
                foreach (var (figure, exact, display) in rows.Prepend(("figure", "exact", "display")))
                {
                    csv.WriteField(figure);
                    csv.WriteField(exact);
                    csv.WriteField(display);
                    csv.EndRecord();
                }
            }
            writer.Flush();
        }
        return buffer.ToArray();
    }
}
