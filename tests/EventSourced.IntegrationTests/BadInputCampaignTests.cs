using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using EventSourced.Api.Infrastructure;
using EventSourced.Api.Modules.Catalogues;
using EventSourced.Api.Modules.Clusters;
using EventSourced.Api.Modules.Commendations;
using EventSourced.Api.Modules.Models;
using EventSourced.Api.Modules.Officials;
using EventSourced.Api.Modules.Programs;
using EventSourced.Api.Modules.Reviews;
using EventSourced.Api.Modules.Units;
using Xunit.Abstractions;

namespace EventSourced.IntegrationTests;

/// <summary>
/// A generated campaign of malformed commands against every POST route: each request starts from the command's
/// documented example and is broken in one of the ways an agency system (or an attacker) breaks requests. Every one
/// must get a 4xx problem document, none a 500, and nothing may be appended.
/// </summary>
public partial class BadInputCampaignTests(ApiFactory api, ITestOutputHelper output) : IClassFixture<ApiFactory>
{
    private const int Rounds = 90;
    private readonly HttpClient _client = api.CreateClient();

    private enum Breakage
    {
        WrongType, MissingRequired, ExtraField, LongString, HugeNumber, NegativeNumber, ImpossibleDate, MalformedCode,
        DeeplyNested, BrokenUtf8, WrongContentType, NotJson,
    }

    private static IReadOnlyList<(string Url, object Example)> Routes(Guid modelId, Guid officialId) =>
    [
        ("/api/v1/models", RegisterModel.Example),
        ($"/api/v1/models/{modelId}/patrols", RecordPatrol.Example),
        ($"/api/v1/models/{modelId}/patrols/batch", RecordPatrols.Example),
        ($"/api/v1/models/{modelId}/discontinuation", DiscontinueModel.Example),
        ($"/api/v1/models/{modelId}/assessments", AssessModel.Example),
        ($"/api/v1/models/{modelId}/inspections", RecordInspections.Example),
        ($"/api/v1/models/{modelId}/sanctions", RecordSanctions.Example),
        ($"/api/v1/models/{modelId}/cases", RecordDetectedCase.Example),
        ($"/api/v1/models/{modelId}/cases/{Guid.NewGuid()}/prosecution", RecordProsecution.Example),
        ($"/api/v1/models/{modelId}/equipment/installations", RecordEquipmentInstallation.Example),
        ($"/api/v1/models/{modelId}/equipment/decommissionings", RecordEquipmentDecommissioning.Example),
        ($"/api/v1/models/{modelId}/corrections", CorrectRecord.Example),
        ($"/api/v1/models/{modelId}/retractions", RetractRecord.Example),
        ("/api/v1/commendations", GrantCommendation.Example),
        ("/api/v1/commendation-authorities", RecordCommendationAuthority.Example),
        ("/api/v1/units", RegisterUnit.Example),
        ("/api/v1/reforms", RecordReform.Example),
        ("/api/v1/provinces/79/catalogue", AddCatalogueType.Example),
        ("/api/v1/provinces/79/catalogue/hcm-01/removal", RemoveCatalogueType.Example),
        ("/api/v1/provinces/79/catalogue/hcm-01/assessments", AssessCatalogueType.Example),
        ("/api/v1/reviews", RecordReviewConference.Example),
        ("/api/v1/clusters", FormEmulationCluster.Example),
        ("/api/v1/clusters/bca-cum-1/members", AddClusterMember.Example),
        ("/api/v1/clusters/bca-cum-1/members/01/departure", RemoveClusterMember.Example),
        ("/api/v1/officials", RegisterOfficial.Example),
        ($"/api/v1/officials/{officialId}/ranks", RecordOfficialRank.Example),
        ($"/api/v1/officials/{officialId}/positions", RecordOfficialPosition.Example),
        ("/api/v1/programs", RegisterProgram.Example),
    ];

    [Fact]
    public async Task Over_two_thousand_generated_malformed_commands_all_get_a_4xx_problem_and_nothing_is_appended()
    {
        // Given
        var modelId = await _client.RegisteredModel();
        var officialId = (await (await _client.PostJson("/api/v1/officials", RegisterOfficial.Example)).Read<Recorded>()).Id;
        var routes = Routes(modelId, officialId);
        var random = new Random(2023);
        // "any version": the discontinuation route requires If-Match (428 otherwise), and the campaign is about bodies.
        _client.DefaultRequestHeaders.IfMatch.Add(EntityTagHeaderValue.Any);
        var before = await api.EventCount();
        var wrong = new List<string>();
        var sent = 0;

        // When
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var (url, example) in routes)
            {
                var breakage = (Breakage)random.Next(Enum.GetValues<Breakage>().Length);
                using var content = Break(example, breakage, random);
                var response = await _client.PostAsync(url, content);
                sent++;

                // Then (each)
                var status = (int)response.StatusCode;
                var mediaType = response.Content.Headers.ContentType?.MediaType;
                var body = await response.Content.ReadAsStringAsync();
                if (status is < 400 or >= 500 || mediaType != "application/problem+json" || body.Contains("   at ", StringComparison.Ordinal))
                {
                    wrong.Add($"{breakage} {url} -> {status} {mediaType}: {body[..Math.Min(body.Length, 200)]}");
                }
            }
        }

        // Then
        sent.ShouldBeGreaterThanOrEqualTo(2000);
        wrong.ShouldBeEmpty();
        (await api.EventCount()).ShouldBe(before);
    }

    private static HttpContent Break(object example, Breakage breakage, Random random)
    {
        var node = JsonSerializer.SerializeToNode(example, example.GetType(), ApiFactory.Json)!.AsObject();
        switch (breakage)
        {
            case Breakage.WrongContentType:
                return new StringContent(node.ToJsonString(), Encoding.UTF8, random.Next(2) == 0 ? "text/plain" : "application/xml");
            case Breakage.NotJson:
                return Json(random.Next(3) switch { 0 => "", 1 => "this is not JSON", _ => node.ToJsonString()[..^1] });
            case Breakage.DeeplyNested:
                return Json(new string('[', 100) + node.ToJsonString() + new string(']', 100));
            case Breakage.BrokenUtf8:
                var bytes = Encoding.UTF8.GetBytes(node.ToJsonString());
                var quote = Array.IndexOf(bytes, (byte)'"', bytes.Length / 2);
                var at = Math.Min(quote < 0 ? bytes.Length / 2 : quote + 1, bytes.Length - 2);
                (bytes[at], bytes[at + 1]) = ((byte)0xC3, (byte)0x28);
                var content = new ByteArrayContent(bytes);
                content.Headers.ContentType = new("application/json");
                return content;
        }

        var leaves = Leaves(node).ToList();
        (JsonNode Parent, string? Key, int Index, JsonNode? Value)? Pick(Func<JsonNode?, string?, bool> fits)
        {
            var candidates = leaves.Where(l => fits(l.Value, l.Key)).ToList();
            return candidates.Count == 0 ? null : candidates[random.Next(candidates.Count)];
        }
        JsonNode? replacement = null;
        (JsonNode Parent, string? Key, int Index, JsonNode? Value)? target = breakage switch
        {
            Breakage.LongString => Pick((v, _) => IsString(v)),
            Breakage.HugeNumber or Breakage.NegativeNumber => Pick((v, _) => v is JsonValue n && n.GetValueKind() == JsonValueKind.Number),
            Breakage.ImpossibleDate => Pick((v, key) => IsString(v) && (DateOnly.TryParse(v!.GetValue<string>(), CultureInfo.InvariantCulture, out _)
                || DateTimeOffset.TryParse(v.GetValue<string>(), CultureInfo.InvariantCulture, out _))),
            Breakage.MalformedCode => Pick((v, key) => IsString(v) && key is not null && (key.EndsWith("Code", StringComparison.Ordinal) || key is "code" or "scope")),
            _ => null,
        };
        switch (breakage)
        {
            case Breakage.LongString when target is not null:
                replacement = new string('ệ', 10_000);
                break;
            case Breakage.HugeNumber when target is not null:
                replacement = JsonNode.Parse(random.Next(2) == 0 ? "1e400" : "99999999999999999999");
                break;
            case Breakage.NegativeNumber when target is not null:
                replacement = -1 - random.Next(1000);
                break;
            case Breakage.ImpossibleDate when target is not null:
                replacement = random.Next(3) switch { 0 => "2023-02-30", 1 => "31/12/2023", _ => "yesterday" };
                break;
            case Breakage.MalformedCode when target is not null:
                replacement = random.Next(2) == 0 ? "ABCDE" : "7";
                break;
            case Breakage.MissingRequired when RequiredPaths(example.GetType(), node).ToList() is { Count: > 0 } required:
                var (parent, name) = required[random.Next(required.Count)];
                parent.Remove(name);
                return Json(node.ToJsonString());
            case Breakage.WrongType:
                target = Pick((_, _) => true);
                replacement = target?.Value switch
                {
                    JsonValue v when v.GetValueKind() == JsonValueKind.String => random.Next(2) == 0 ? 12345 : new JsonArray(),
                    JsonValue v when v.GetValueKind() == JsonValueKind.Number => random.Next(2) == 0 ? "many" : new JsonObject(),
                    null => random.Next(2) == 0 ? 42 : new JsonObject { ["x"] = 1 },
                    _ => "x",
                };
                break;
        }
        if (target is { } t && replacement is not null)
        {
            if (t.Key is not null) t.Parent.AsObject()[t.Key] = replacement;
            else t.Parent.AsArray()[t.Index] = replacement;
            return Json(node.ToJsonString());
        }
        // Nothing of the kind in this command: a field the contract does not have (always a 400).
        node["unexpectedField"] = random.Next();
        return Json(node.ToJsonString());
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static bool IsString(JsonNode? value) => value is JsonValue v && v.GetValueKind() == JsonValueKind.String;

    private static IEnumerable<(JsonNode Parent, string? Key, int Index, JsonNode? Value)> Leaves(JsonNode node)
    {
        if (node is JsonObject obj)
        {
            foreach (var (key, value) in obj.ToList())
            {
                if (value is JsonObject or JsonArray) foreach (var leaf in Leaves(value)) yield return leaf;
                yield return (obj, key, -1, value);
            }
        }
        else if (node is JsonArray array)
        {
            for (var i = 0; i < array.Count; i++)
            {
                if (array[i] is JsonObject or JsonArray) foreach (var leaf in Leaves(array[i]!)) yield return leaf;
                yield return (array, null, i, array[i]);
            }
        }
    }

    /// <summary>The required properties present in the body, from System.Text.Json's own contract (JsonRequired).</summary>
    private static IEnumerable<(JsonObject Parent, string Name)> RequiredPaths(Type type, JsonObject node)
    {
        var info = ApiFactory.Json.GetTypeInfo(type);
        foreach (var property in info.Properties)
        {
            if (!node.TryGetPropertyValue(property.Name, out var value)) continue;
            if (property.IsRequired) yield return (node, property.Name);
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (value is JsonObject nested)
            {
                foreach (var inner in RequiredPaths(propertyType, nested)) yield return inner;
            }
            else if (value is JsonArray array && propertyType.IsGenericType && propertyType.GetGenericArguments()[0] is { IsClass: true } item && item != typeof(string))
            {
                foreach (var element in array.OfType<JsonObject>())
                {
                    foreach (var inner in RequiredPaths(item, element)) yield return inner;
                }
            }
        }
    }
}
