using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using EventSourced.Api.Infrastructure;
using EventSourced.Api.Modules.Audit;
using EventSourced.Api.Modules.Models;

namespace EventSourced.IntegrationTests.Audit;

/// <summary>Issue 4, items 1, 5 and 6: a unit's history, the access log of audit reads, and signed exports.</summary>
public class HistoryAndExportTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _officer = api.ClientWith(ApiFactory.Everything with { Subject = "officer-0427", Client = "q4-police-records" });

    private HttpClient Auditor(string subject = "inspector-01") =>
        api.ClientWith(ApiFactory.Everything with { Subject = subject, Client = "inspectorate", Roles = [Access.Auditor], Jurisdictions = ["79"] });

    private async Task<PatrolAccepted> PatrolWith(Guid modelId, string idempotencyKey, string correlationId)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/models/{modelId}/patrols") { Content = JsonContent.Create(RecordPatrol.Example, options: ApiFactory.Json) };
        request.Headers.TryAddWithoutValidation(RequestMetadata.IdempotencyHeader, idempotencyKey);
        request.Headers.TryAddWithoutValidation(RequestMetadata.CorrelationHeader, correlationId);
        return await (await _officer.SendAsync(request)).Read<PatrolAccepted>();
    }

    private static async Task<List<JsonElement>> AllHistory(HttpClient client, string query)
    {
        var items = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/units/27262/history?{query}&limit=200{(cursor is null ? "" : $"&cursor={cursor}")}")).RootElement.Clone();
            items.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        return items;
    }

    [Fact]
    public async Task A_wards_history_holds_its_models_commendations_and_unit_versions_in_global_order_with_who_why_and_when()
    {
        var modelId = await _officer.RegisteredModel(unit: "27262");
        var patrol = await PatrolWith(modelId, "q4-shift-0506", "monthly-report-2023-05");
        await _officer.GrantedCommendation(unit: "27262");

        var items = await AllHistory(Auditor(), "lineage=false");

        items.Select(i => i.GetProperty("sequence").GetInt64()).ShouldBeInOrder(SortDirection.Ascending);
        items.Select(i => i.GetProperty("type").GetString()).ShouldContain("unit_version_registered");
        items.Select(i => i.GetProperty("type").GetString()).ShouldContain("commendation_granted");
        var shift = items.Single(i => i.GetProperty("type").GetString() == "patrol_recorded" && i.GetProperty("streamId").GetGuid() == modelId);
        shift.GetProperty("version").GetInt64().ShouldBe(2);
        shift.GetProperty("businessTime").GetString().ShouldBe("2023-05-06T19:00:00+07:00");
        shift.GetProperty("user").GetString().ShouldBe("officer-0427");
        shift.GetProperty("clientSystem").GetString().ShouldBe("q4-police-records");
        shift.GetProperty("correlationId").GetString().ShouldBe("monthly-report-2023-05");
        shift.GetProperty("causationId").GetString().ShouldBe("q4-shift-0506");
        shift.GetProperty("hash").GetString()!.ShouldMatch("^[0-9a-f]{64}$");
        shift.GetProperty("data").GetProperty("patrolId").GetGuid().ShouldBe(patrol.PatrolId);
        shift.GetProperty("data").GetProperty("participants").GetInt32().ShouldBe(7);
        shift.GetProperty("recordedAt").GetDateTimeOffset().ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMinutes(-5));
    }

    [Fact]
    public async Task History_pages_by_cursor_without_gaps_or_repeats_and_filters_by_type()
    {
        var modelId = await _officer.RegisteredModel(unit: "27262");
        for (var day = 1; day <= 5; day++)
        {
            await _officer.RecordedPatrol(modelId, on: new DateOnly(2023, 6, day));
        }
        var auditor = Auditor();
        var everything = await AllHistory(auditor, "lineage=false");

        var paged = new List<long>();
        string? cursor = null;
        do
        {
            var page = JsonDocument.Parse(await auditor.GetStringAsync($"/api/v1/units/27262/history?limit=2{(cursor is null ? "" : $"&cursor={cursor}")}")).RootElement;
            page.GetProperty("items").GetArrayLength().ShouldBeLessThanOrEqualTo(2);
            paged.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("sequence").GetInt64()));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        var patrols = await AllHistory(auditor, "types=patrol_recorded");

        paged.ShouldBe(everything.Select(i => i.GetProperty("sequence").GetInt64()));
        patrols.Where(p => p.GetProperty("streamId").GetGuid() == modelId).Count().ShouldBe(5);
        patrols.Select(p => p.GetProperty("type").GetString()).Distinct().ShouldBe(["patrol_recorded"]);
    }

    [Fact]
    public async Task With_lineage_a_wards_history_includes_the_wards_it_was_formed_from()
    {
        // Phường 09 (27262) went wholly into Phường 9 (27265) in January 2025.
        var oldWardModel = await _officer.RegisteredModel(unit: "27262", launch: new DateOnly(2023, 4, 1));
        var auditor = Auditor();

        var withLineage = JsonDocument.Parse(await auditor.GetStringAsync("/api/v1/units/27265/history?lineage=true&limit=200")).RootElement;
        var without = JsonDocument.Parse(await auditor.GetStringAsync("/api/v1/units/27265/history?limit=200")).RootElement;

        withLineage.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("streamId").GetGuid()).ShouldContain(oldWardModel);
        without.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("streamId").GetGuid()).ShouldNotContain(oldWardModel);
    }

    [Fact]
    public async Task Ndjson_streams_the_whole_history_one_entry_per_line()
    {
        var modelId = await _officer.RegisteredModel(unit: "27262");
        await _officer.RecordedPatrol(modelId);
        var auditor = Auditor();
        var paged = await AllHistory(auditor, "lineage=false");

        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/units/27262/history");
        request.Headers.Accept.ParseAdd(GetUnitHistoryEndpoint.NdjsonMediaType);
        var response = await auditor.SendAsync(request);

        response.Content.Headers.ContentType!.MediaType.ShouldBe(GetUnitHistoryEndpoint.NdjsonMediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("sequence").GetInt64())
            .ShouldBe(paged.Select(i => i.GetProperty("sequence").GetInt64()));
    }

    [Fact]
    public async Task History_answers_bad_filters_with_the_field_at_fault_and_refuses_analysts_and_other_provinces()
    {
        var auditor = Auditor();

        (await (await auditor.GetAsync("/api/v1/units/27262/history?types=patrol_deleted")).ShouldBeProblem(400)).Fields().ShouldBe(["types"]);
        (await (await auditor.GetAsync("/api/v1/units/27262/history?from=2023-13-01")).ShouldBeProblem(400)).Fields().ShouldBe(["from"]);
        (await (await auditor.GetAsync("/api/v1/units/27262/history?from=2024-01-02&to=2024-01-01")).ShouldBeProblem(400)).Fields().ShouldBe(["to"]);
        (await (await auditor.GetAsync("/api/v1/units/27262/history?cursor=abc")).ShouldBeProblem(400)).Fields().ShouldBe(["cursor"]);
        await (await auditor.GetAsync("/api/v1/units/99999/history")).ShouldBeProblem(404);
        await (await api.ClientAs([Access.Analyst], Jurisdiction.National).GetAsync("/api/v1/units/27262/history")).ShouldBeProblem(403);
        await (await api.ClientAs([Access.Auditor], "01").GetAsync("/api/v1/units/27262/history")).ShouldBeProblem(403);
    }

    [Fact]
    public async Task Every_history_read_verification_and_export_is_in_the_access_log_with_who_read_what()
    {
        var modelId = await _officer.RegisteredModel(unit: "27262");
        var inspector = Auditor("inspector-77");

        await inspector.GetStringAsync("/api/v1/units/27262/history?types=model_registered");
        await inspector.GetStringAsync($"/api/v1/streams/{modelId}/verification");
        await inspector.GetStringAsync("/api/v1/units/27262/export");
        var chief = api.ClientWith(ApiFactory.Everything with { Subject = "chief-inspector", Client = "inspectorate", Roles = [Access.Auditor] });
        var log = JsonDocument.Parse(await chief.GetStringAsync("/api/v1/audit/access-log?subject=inspector-77")).RootElement;

        var entries = log.GetProperty("items").EnumerateArray().ToList();
        entries.Select(e => e.GetProperty("action").GetString()).ShouldBe(["HISTORY", "VERIFICATION", "EXPORT"]);
        entries[0].GetProperty("resource").GetString().ShouldBe("/api/v1/units/27262/history?types=model_registered");
        entries.ShouldAllBe(e => e.GetProperty("clientSystem").GetString() == "inspectorate");
        var ownRead = JsonDocument.Parse(await chief.GetStringAsync("/api/v1/audit/access-log?subject=chief-inspector&action=ACCESS_LOG")).RootElement;
        ownRead.GetProperty("items").GetArrayLength().ShouldBe(2, "reading the log is logged too");
        await (await Auditor().GetAsync("/api/v1/audit/access-log")).ShouldBeProblem(403);
        await (await api.ClientAs([Access.Analyst, Access.Recorder, Access.Admin], Jurisdiction.National).GetAsync("/api/v1/audit/access-log")).ShouldBeProblem(403);
    }

    [Fact]
    public async Task An_export_verifies_offline_and_every_kind_of_change_to_it_is_named()
    {
        var modelId = await _officer.RegisteredModel(unit: "27262");
        await _officer.RecordedPatrol(modelId);
        await _officer.RecordedPatrol(modelId, on: new DateOnly(2023, 5, 7));

        var response = await Auditor().GetAsync("/api/v1/units/27262/export");
        var bundle = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.OK, bundle);
        response.Content.Headers.ContentDisposition!.FileName.ShouldBe("unit-27262-export.json");
        var check = ExportVerifier.Check(bundle, null);
        check.Mismatches.ShouldBeEmpty();
        check.Events.ShouldBe((await AllHistory(Auditor(), "lineage=false")).Count);
        var manifest = JsonSerializer.Deserialize<ExportManifest>(JsonNode.Parse(bundle)!["manifest"]!.GetValue<string>(), BundleJson.Options)!;
        manifest.Streams.Single(s => s.StreamId == modelId).ShouldBe(manifest.Streams.Single(s => s.StreamId == modelId) with { Events = 3, FirstVersion = 1, LastVersion = 3 });
        manifest.ExportedBy.ShouldBe("inspector-01");

        string Changed(Action<JsonNode> change)
        {
            var node = JsonNode.Parse(bundle)!;
            change(node);
            return node.ToJsonString();
        }
        var patrolIndex = JsonNode.Parse(bundle)!["events"]!.AsArray().Select((e, i) => (e, i)).First(x => x.e!["type"]!.GetValue<string>() == "patrol_recorded").i;

        ExportVerifier.Check(Changed(b => b["events"]![patrolIndex]!["data"] = b["events"]![patrolIndex]!["data"]!.GetValue<string>().Replace("\"participants\": 7", "\"participants\": 70", StringComparison.Ordinal)), null)
            .Mismatches.ShouldContain(m => m.Contains("changed after export", StringComparison.Ordinal));
        ExportVerifier.Check(Changed(b => b["events"]!.AsArray().RemoveAt(patrolIndex)), null)
            .Mismatches.ShouldContain(m => m.Contains("the bundle holds", StringComparison.Ordinal));
        ExportVerifier.Check(Changed(b => b["manifest"] = b["manifest"]!.GetValue<string>().Replace("inspector-01", "someone-else", StringComparison.Ordinal)), null)
            .Mismatches.ShouldContain(m => m.Contains("signature does not verify", StringComparison.Ordinal));
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        ExportVerifier.Check(bundle, otherKey.ExportSubjectPublicKeyInfoPem())
            .Mismatches.ShouldContain(m => m.Contains("not with the trusted key", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_verify_export_command_says_OK_for_a_bundle_and_names_what_does_not_match_in_a_changed_one()
    {
        var modelId = await _officer.RegisteredModel(unit: "27262");
        await _officer.RecordedPatrol(modelId);
        var bundle = await Auditor().GetStringAsync("/api/v1/units/27262/export");
        var directory = Directory.CreateTempSubdirectory("bvantq-export-");
        var good = Path.Combine(directory.FullName, "good.json");
        var bad = Path.Combine(directory.FullName, "bad.json");
        await File.WriteAllTextAsync(good, bundle);
        await File.WriteAllTextAsync(bad, bundle.Replace("\\u0022participants\\u0022: 7", "\\u0022participants\\u0022: 8", StringComparison.Ordinal)
            .Replace("\"participants\\\": 7", "\"participants\\\": 8", StringComparison.Ordinal));
        (await File.ReadAllTextAsync(bad)).ShouldNotBe(bundle, "the tampered copy differs");

        var (okCode, okOutput) = await VerifyExport(good);
        var (badCode, badOutput) = await VerifyExport(bad);

        okCode.ShouldBe(0, okOutput);
        okOutput.ShouldStartWith("OK: ");
        badCode.ShouldNotBe(0, badOutput);
        badOutput.ShouldContain("NOT OK");
        badOutput.ShouldContain("changed after export");
        directory.Delete(recursive: true);
    }

    private static async Task<(int ExitCode, string Output)> VerifyExport(string file)
    {
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "EventSourced.Api.dll"), "verify-export", file])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.Environment.Remove("ConnectionStrings__Marten");
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output.Trim());
    }
}
