using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EventSourced.Api.Infrastructure;
using EventSourced.Api.Modules.Officials;

namespace EventSourced.IntegrationTests;

/// <summary>
/// The second campaign reads the OpenAPI document the service publishes, so a route, parameter or field added later is
/// attacked without anyone listing it: every path and query parameter and every body field (found by walking the
/// documented example along its schema) gets each kind of bad value a hostile or careless client sends, and every body
/// is also sent truncated, nested too deeply, oversized and as the wrong JSON. Reads may answer 2xx; nothing may answer
/// 5xx, every 4xx must be a problem document, and no request may append an event.
/// </summary>
public partial class BadInputCampaignTests
{
    private sealed record Probe(string Method, string Url, string Category, string? Body);

    /// <summary>Filters a client might guess; where a route does not document one, it must not be silently ignored.</summary>
    private static readonly string[] UnknownParameters = ["name", "sort", "asOf", "filter"];

    [Fact]
    public async Task Every_parameter_and_field_of_the_OpenAPI_document_gets_a_4xx_problem_for_bad_input_and_nothing_is_appended()
    {
        // Given
        var modelId = await _client.RegisteredModel();
        var officialId = (await (await _client.PostJson("/api/v1/officials", RegisterOfficial.Example)).Read<Recorded>()).Id;
        var document = JsonNode.Parse(await _client.GetStringAsync("/swagger/v1/swagger.json"))!;
        var probes = OpenApiProbes(document, modelId, officialId).ToList();
        var client = api.CreateClient();
        // "any version": the discontinuation route requires If-Match (428 otherwise), and the campaign is about input.
        client.DefaultRequestHeaders.IfMatch.Add(EntityTagHeaderValue.Any);
        var before = await api.EventCount();
        var wrong = new ConcurrentBag<string>();
        var answers = new ConcurrentDictionary<(string Category, int Status), int>();

        // When
        await Parallel.ForEachAsync(probes, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (probe, ct) =>
        {
            using var request = new HttpRequestMessage(new HttpMethod(probe.Method), probe.Url);
            if (probe.Url.Length % 3 == 0)
            {
                // Statistics clients ask for CSV; an error must still be a problem document, whatever was accepted.
                request.Headers.Accept.ParseAdd("text/csv");
            }
            if (probe.Body is not null)
            {
                request.Content = new StringContent(probe.Body, Encoding.UTF8, "application/json");
            }
            using var response = await client.SendAsync(request, ct);

            // Then (each)
            var status = (int)response.StatusCode;
            answers.AddOrUpdate((probe.Category.Split(' ')[0], status), 1, (_, n) => n + 1);
            var body = await response.Content.ReadAsStringAsync(ct);
            if (status >= 500 || (status >= 400 && !IsProblem(response, body, status)) || (status < 400 && probe.Method != "GET"))
            {
                wrong.Add($"{probe.Category}: {probe.Method} {probe.Url[..Math.Min(probe.Url.Length, 160)]} -> {status}: {body[..Math.Min(body.Length, 300)]}");
            }
        });
        output.WriteLine($"Sent {probes.Count} requests generated from the OpenAPI document; answers by kind of bad input:");
        foreach (var kind in answers.GroupBy(a => a.Key.Category).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"  {kind.Key}: {string.Join(", ", kind.OrderBy(a => a.Key.Status).Select(a => $"{a.Value} × {a.Key.Status}"))}");
        }

        // Then
        probes.Count.ShouldBeGreaterThan(2000);
        wrong.Order(StringComparer.Ordinal).ShouldBeEmpty();
        (await api.EventCount()).ShouldBe(before);
    }

    private static bool IsProblem(HttpResponseMessage response, string body, int status)
    {
        if (response.Content.Headers.ContentType?.MediaType != "application/problem+json" || body.Contains("   at ", StringComparison.Ordinal))
        {
            return false;
        }
        using var problem = JsonDocument.Parse(body);
        return problem.RootElement.TryGetProperty("status", out var s) && s.GetInt32() == status
            && problem.RootElement.TryGetProperty("type", out var t) && !string.IsNullOrEmpty(t.GetString());
    }

    /// <summary>Every operation of the document, each broken one way at a time.</summary>
    private static IEnumerable<Probe> OpenApiProbes(JsonNode document, Guid modelId, Guid officialId)
    {
        var schemas = document["components"]!["schemas"]!.AsObject();
        foreach (var (template, operations) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in operations!.AsObject())
            {
                var verb = method.ToUpperInvariant();
                var parameters = operation!["parameters"]?.AsArray().Select(p => p!.AsObject()).ToList() ?? [];
                var path = parameters.Where(p => (string?)p["in"] == "path").ToList();
                var query = parameters.Where(p => (string?)p["in"] == "query").Select(p => (string)p["name"]!).ToList();
                var values = path.ToDictionary(p => (string)p["name"]!, p => PathValue(template, p, modelId, officialId), StringComparer.Ordinal);
                var example = operation["requestBody"]?["content"]?["application/json"]?["example"]?.ToJsonString();
                var schema = operation["requestBody"]?["content"]?["application/json"]?["schema"];
                string Url(IReadOnlyDictionary<string, string> route, string queryString) =>
                    path.Aggregate(template, (url, p) => url.Replace($"{{{p["name"]}}}", route[(string)p["name"]!], StringComparison.Ordinal))
                    + (queryString.Length > 0 ? "?" + queryString : "");
                var validQuery = string.Join('&', query.Where(q => QueryValue(q) is not null).Select(q => $"{q}={Uri.EscapeDataString(QueryValue(q)!)}"));

                foreach (var p in path)
                {
                    var name = (string)p["name"]!;
                    foreach (var (category, value) in BadPathValues((string?)p["schema"]?["format"]))
                    {
                        yield return new Probe(verb, Url(new Dictionary<string, string>(values) { [name] = value }, validQuery), $"{category} path {name}", example);
                    }
                }
                foreach (var name in query)
                {
                    foreach (var (category, value) in BadQueryValues())
                    {
                        var others = query.Where(q => q != name && QueryValue(q) is not null).Select(q => $"{q}={Uri.EscapeDataString(QueryValue(q)!)}");
                        yield return new Probe(verb, Url(values, string.Join('&', others.Append($"{name}={value}"))), $"{category} query {name}", null);
                    }
                }
                if (verb == "GET")
                {
                    foreach (var unknown in UnknownParameters.Where(u => !query.Contains(u, StringComparer.OrdinalIgnoreCase)))
                    {
                        yield return new Probe(verb, Url(values, string.Join('&', new[] { validQuery, $"{unknown}=x" }.Where(q => q.Length > 0))), $"unknown-parameter query {unknown}", null);
                    }
                }
                if (example is null || schema is null)
                {
                    continue;
                }
                foreach (var (category, body) in BrokenBodies(example))
                {
                    yield return new Probe(verb, Url(values, ""), $"{category} body", body);
                }
                foreach (var (fieldPath, fieldSchema, required) in Fields(JsonNode.Parse(example)!, Resolve(schema, schemas), schemas, []))
                {
                    if (required)
                    {
                        yield return new Probe(verb, Url(values, ""), $"missing-required {string.Join('.', fieldPath)}", Replace(example, fieldPath, null, remove: true));
                    }
                    if (required || fieldPath[^1].All(char.IsAsciiDigit))
                    {
                        // Only where the field is required or a list element: an optional field sent as null is absent.
                        yield return new Probe(verb, Url(values, ""), $"null {string.Join('.', fieldPath)}", Replace(example, fieldPath, null, remove: false));
                    }
                    foreach (var (category, value) in BadFieldValues(fieldSchema, JsonNode.Parse(example)!, fieldPath))
                    {
                        yield return new Probe(verb, Url(values, ""), $"{category} {string.Join('.', fieldPath)}", Replace(example, fieldPath, value, remove: false));
                    }
                }
            }
        }
    }

    private static string PathValue(string template, JsonObject parameter, Guid modelId, Guid officialId) => (string)parameter["name"]! switch
    {
        "modelId" => modelId.ToString(),
        "officialId" => officialId.ToString(),
        "provinceCode" => "79",
        "typeCode" => "hcm-01",
        "programId" => "national-09-2013",
        "code" when template.StartsWith("/api/v1/clusters", StringComparison.Ordinal) => "bca-cum-1",
        "code" => "27259",
        _ => Guid.NewGuid().ToString(),
    };

    /// <summary>A value each documented query parameter accepts, so that the one broken is the only fault (none for a cursor).</summary>
    private static string? QueryValue(string name) => name switch
    {
        "cursor" => null,
        "from" => "2023-01-01",
        "asOf" or "knownAt" or "to" or "at" => "2023-06-30",
        "limit" => "10",
        "version" => "1",
        "lineage" => "true",
        "province" => "79",
        "unit" => "27259",
        "type" => "apartment-self-management-team",
        "lead" => "POLICE",
        "action" => "HISTORY",
        "types" => "patrol_recorded",
        "restate" => "current",
        "subject" => "test-officer",
        _ => "x",
    };

    private static IEnumerable<(string Category, string Value)> BadPathValues(string? format)
    {
        // No %00: ASP.NET Core's URL decoder (Kestrel's, and the test server's) refuses a NUL in the path before any
        // middleware runs.
        yield return ("control-character", "a%07b");
        yield return ("over-long", new string('9', 2000));
        yield return ("wrong-type", "not-a-value");
        yield return ("zero-uuid", Guid.Empty.ToString());
        if (format == "uuid")
        {
            yield return ("wrong-type", "12345");
        }
    }

    private static IEnumerable<(string Category, string Value)> BadQueryValues()
    {
        yield return ("nul", "%00");
        yield return ("control-character", "a%07b");
        yield return ("wrong-type", "not-a-value");
        yield return ("over-long", new string('9', 2000));
        yield return ("out-of-range-date", "9999-12-31");
        yield return ("out-of-range-date", "0001-01-01");
        yield return ("out-of-range-date", "1900-01-01");
        yield return ("timestamp-for-date", Uri.EscapeDataString("2023-06-30T00:00:00+07:00"));
        yield return ("negative-number", "-1");
        yield return ("huge-number", "99999999999999999999");
        yield return ("zero-uuid", Guid.Empty.ToString());
    }

    private static IEnumerable<(string Category, string Body)> BrokenBodies(string example)
    {
        yield return ("truncated", example[..(example.Length / 2)]);
        yield return ("truncated", example[..^1]);
        yield return ("empty", "");
        yield return ("null", "null");
        yield return ("array", $"[{example}]");
        yield return ("deeply-nested", $"{{\"x\":{new string('[', 500)}{new string(']', 500)}}}");
        yield return ("deeply-nested", new string('{', 1) + string.Concat(Enumerable.Repeat("\"a\":{", 100)) + string.Concat(Enumerable.Repeat("}", 101)));
        yield return ("oversized", example.Insert(1, $"\"padding\":\"{new string('x', 70_000)}\","));
        yield return ("extra-field", example.Insert(1, "\"unexpectedField\":1,"));
    }

    /// <summary>The bad values for one field, by what its schema says it is.</summary>
    private static IEnumerable<(string Category, JsonNode? Value)> BadFieldValues(JsonObject schema, JsonNode example, string[] path)
    {
        var current = Navigate(example, path);
        if (schema["enum"] is JsonArray names)
        {
            var name = (string)names[0]!;
            yield return ("lowercase-enum", name.ToLowerInvariant());
            yield return ("clr-name-enum", string.Concat(name.Split('_').Select(w => w[..1] + w[1..].ToLowerInvariant())));
            yield return ("number-enum", 1);
            yield return ("number-as-string-enum", "1");
            yield return ("unknown-enum", "NOT_A_VALUE");
            yield return ("nul", $"{name}\u0000");
            yield break;
        }
        switch ((string?)schema["type"], (string?)schema["format"])
        {
            case ("string", "date"):
                yield return ("out-of-range-date", "1900-01-01");
                yield return ("out-of-range-date", "0001-01-01");
                yield return ("impossible-date", "2023-02-30");
                yield return ("timestamp-for-date", "2023-05-06T19:00:00+07:00");
                yield return ("wrong-type", 20230506);
                break;
            case ("string", "date-time"):
                yield return ("offset-less-timestamp", "2023-05-06T19:00:00");
                yield return ("date-only-timestamp", "2023-05-06");
                yield return ("out-of-range-timestamp", "0001-01-01T00:00:00+07:00");
                yield return ("out-of-range-timestamp", "9999-12-31T23:59:59-07:00");
                yield return ("impossible-timestamp", "2023-02-30T19:00:00+07:00");
                break;
            case ("string", "uuid"):
                yield return ("zero-uuid", Guid.Empty.ToString());
                yield return ("wrong-type", "not-a-uuid");
                break;
            case ("string", _):
                var text = current?.GetValueKind() == JsonValueKind.String ? current.GetValue<string>() : "x";
                yield return ("nul", text + "\u0000");
                yield return ("control-character", "\u0007" + text);
                yield return ("over-long", new string('ệ', 10_000));
                yield return ("wrong-type", 12345);
                yield return ("wrong-type", new JsonArray());
                break;
            case ("integer", _):
                yield return ("number-as-string", current?.ToJsonString() ?? "7");
                yield return ("fraction", 7.5);
                yield return ("negative-number", -1);
                yield return ("huge-number", JsonNode.Parse("99999999999999999999"));
                yield return ("huge-number", JsonNode.Parse("1e400"));
                yield return ("wrong-type", new JsonObject());
                break;
            case ("boolean", _):
                yield return ("wrong-type", "true");
                yield return ("wrong-type", 1);
                break;
            case ("array", _):
                yield return ("wrong-type", "x");
                yield return ("wrong-type", new JsonObject());
                break;
            case ("object", _):
                yield return ("wrong-type", 42);
                yield return ("wrong-type", new JsonArray());
                break;
        }
    }

    /// <summary>Each field present in the example, with its schema and whether the schema requires it.</summary>
    private static IEnumerable<(string[] Path, JsonObject Schema, bool Required)> Fields(JsonNode example, JsonObject schema, JsonObject schemas, string[] prefix)
    {
        if (example is JsonObject obj && schema["properties"] is JsonObject properties)
        {
            var required = schema["required"]?.AsArray().Select(r => (string)r!).ToHashSet(StringComparer.Ordinal) ?? [];
            foreach (var (name, value) in obj)
            {
                if (properties[name] is not { } property)
                {
                    continue;
                }
                var resolved = Resolve(property, schemas);
                string[] path = [.. prefix, name];
                yield return (path, resolved, required.Contains(name));
                if (value is not null)
                {
                    foreach (var nested in Fields(value, resolved, schemas, path))
                    {
                        yield return nested;
                    }
                }
            }
        }
        else if (example is JsonArray array && array.Count > 0 && array[0] is { } first && schema["items"] is { } items)
        {
            var resolved = Resolve(items, schemas);
            string[] path = [.. prefix, "0"];
            yield return (path, resolved, false);
            foreach (var nested in Fields(first, resolved, schemas, path))
            {
                yield return nested;
            }
        }
    }

    /// <summary>A schema with its $ref followed (and a nullable wrapper's single member taken).</summary>
    private static JsonObject Resolve(JsonNode schema, JsonObject schemas)
    {
        var obj = schema.AsObject();
        if (obj["$ref"] is { } reference)
        {
            return schemas[((string)reference!)["#/components/schemas/".Length..]]!.AsObject();
        }
        if ((obj["allOf"] ?? obj["oneOf"] ?? obj["anyOf"]) is JsonArray members && members.Count > 0)
        {
            var resolved = Resolve(members[0]!, schemas).DeepClone().AsObject();
            resolved["nullable"] = obj["nullable"]?.DeepClone();
            return resolved;
        }
        return obj;
    }

    private static JsonNode? Navigate(JsonNode node, string[] path) =>
        path.Aggregate<string, JsonNode?>(node, (n, segment) => n is JsonArray a ? a[int.Parse(segment, CultureInfo.InvariantCulture)] : n?[segment]);

    private static string Replace(string example, string[] path, JsonNode? value, bool remove)
    {
        var root = JsonNode.Parse(example)!;
        var parent = Navigate(root, path[..^1])!;
        var last = path[^1];
        if (parent is JsonArray array)
        {
            var index = int.Parse(last, CultureInfo.InvariantCulture);
            if (remove) array.RemoveAt(index);
            else array[index] = value;
        }
        else if (remove)
        {
            parent.AsObject().Remove(last);
        }
        else
        {
            parent[last] = value;
        }
        return root.ToJsonString();
    }
}
