using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using EventSourced.Api.Infrastructure;
using EventSourced.Api.Ledger;
using EventSourced.Api.Modules.Audit;
using EventSourced.Api.Modules.Models;
using Npgsql;

namespace EventSourced.IntegrationTests.Audit;

/// <summary>
/// Issue 4, items 1, 5 and 6: a unit's history, the access log of audit reads, and signed exports. Issue 11, items 4, 7
/// and 9: date windows, streams that fail part-way, verification against a pinned key, refusals in the access log.
/// </summary>
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

    private static async Task<List<JsonElement>> AllHistory(HttpClient client, string query, string code = "27262")
    {
        var items = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = JsonDocument.Parse(await client.GetStringAsync($"/api/v1/units/{code}/history?{query}&limit=200{(cursor is null ? "" : $"&cursor={cursor}")}")).RootElement.Clone();
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
        var key = Path.Combine(directory.FullName, "ledger.pem");
        await File.WriteAllTextAsync(good, bundle);
        await File.WriteAllTextAsync(key, await Auditor().GetStringAsync("/api/v1/audit/signing-key"));
        await File.WriteAllTextAsync(bad, bundle.Replace("\\u0022participants\\u0022: 7", "\\u0022participants\\u0022: 8", StringComparison.Ordinal)
            .Replace("\"participants\\\": 7", "\"participants\\\": 8", StringComparison.Ordinal));
        (await File.ReadAllTextAsync(bad)).ShouldNotBe(bundle, "the tampered copy differs");

        var (okCode, okOutput) = await VerifyExport(good, key);
        var (badCode, badOutput) = await VerifyExport(bad, key);

        okCode.ShouldBe(0, okOutput);
        okOutput.ShouldStartWith("OK: ");
        badCode.ShouldNotBe(0, badOutput);
        badOutput.ShouldContain("NOT OK");
        badOutput.ShouldContain("changed after export");
        directory.Delete(recursive: true);
    }

    private static async Task Sql(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(ApiFactory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.AddWithValue(parameter);
        }
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> SqlValue<T>(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(ApiFactory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.AddWithValue(parameter);
        }
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static bool Within(DateOnly day, DateOnly? from, DateOnly? to) => (from is null || day >= from) && (to is null || day <= to);

    [Fact]
    public async Task History_and_export_with_a_date_window_answer_exactly_the_unwindowed_answer_filtered_to_those_days_in_Vietnam()
    {
        // Given: three shifts in Phường 18 (27277); two of them recorded a microsecond either side of midnight in Vietnam
        // (17:00 UTC), where a window read in UTC days would put them on the wrong side.
        var modelId = await _officer.RegisteredModel(unit: "27277");
        for (var day = 6; day <= 8; day++)
        {
            await _officer.RecordedPatrol(modelId, on: new DateOnly(2023, 5, day));
        }
        var auditor = Auditor();
        var shifts = (await AllHistory(auditor, "lineage=false", "27277"))
            .Where(i => i.GetProperty("streamId").GetGuid() == modelId && i.GetProperty("type").GetString() == "patrol_recorded").ToList();
        await Sql($"update {api.Schema}.mt_events set timestamp = $1 where id = $2",
            new DateTimeOffset(2026, 11, 19, 16, 59, 59, TimeSpan.Zero).AddTicks(9_999_990), shifts[0].GetProperty("eventId").GetGuid());
        await Sql($"update {api.Schema}.mt_events set timestamp = $1 where id = $2",
            new DateTimeOffset(2026, 11, 19, 17, 0, 0, TimeSpan.Zero), shifts[1].GetProperty("eventId").GetGuid());
        var everything = await AllHistory(auditor, "lineage=false", "27277");
        var exported = JsonNode.Parse(await auditor.GetStringAsync("/api/v1/units/27277/export"))!["events"]!.AsArray().ToList();
        var windows = new (string Query, DateOnly? From, DateOnly? To)[]
        {
            ("from=2026-11-20&to=2026-11-20", new DateOnly(2026, 11, 20), new DateOnly(2026, 11, 20)),
            ("to=2026-11-19", null, new DateOnly(2026, 11, 19)),
            ("from=2026-11-20", new DateOnly(2026, 11, 20), null),
        };

        foreach (var (query, from, to) in windows)
        {
            // When
            var history = await AllHistory(auditor, $"lineage=false&{query}", "27277");
            var response = await auditor.GetAsync($"/api/v1/units/27277/export?{query}");
            var bundle = await response.Content.ReadAsStringAsync();

            // Then
            history.Select(i => i.GetRawText()).ShouldBe(everything
                .Where(i => Within(VietnamTime.DateOf(i.GetProperty("recordedAt").GetDateTimeOffset()), from, to)).Select(i => i.GetRawText()), query);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, bundle);
            JsonNode.Parse(bundle)!["events"]!.AsArray().Select(e => e!.ToJsonString()).ShouldBe(exported
                .Where(e => Within(VietnamTime.DateOf(DateTimeOffset.Parse(e!["recorded"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)), from, to))
                .Select(e => e!.ToJsonString()), query);
            var manifest = JsonSerializer.Deserialize<ExportManifest>(JsonNode.Parse(bundle)!["manifest"]!.GetValue<string>(), BundleJson.Options)!;
            (manifest.From, manifest.To).ShouldBe((from, to));
        }
        (await AllHistory(auditor, "lineage=false&from=2026-11-20&to=2026-11-20", "27277")).Select(i => i.GetProperty("eventId").GetGuid())
            .ShouldBe([shifts[1].GetProperty("eventId").GetGuid()], "only the shift recorded at midnight starting 2026-11-20 in Vietnam");
        (await AllHistory(auditor, "lineage=false&from=2026-11-19&to=2026-11-19", "27277")).Select(i => i.GetProperty("eventId").GetGuid())
            .ShouldBe([shifts[0].GetProperty("eventId").GetGuid()], "only the shift recorded a microsecond before it");
    }

    /// <summary>
    /// Runs <paramref name="reads"/> while reading any event recorded from <paramref name="from"/> on fails inside
    /// PostgreSQL: the canonical time function is swapped for one that raises (evaluated per row as rows are sent), then restored.
    /// </summary>
    private async Task<T> WithReadsFailingFrom<T>(DateTime from, Func<Task<T>> reads)
    {
        var original = await SqlValue<string>($"select pg_get_functiondef('{api.Schema}.audit_instant(timestamptz)'::regprocedure)");
        await Sql($"""
            create or replace function {api.Schema}.audit_instant(p timestamp with time zone) returns character varying language plpgsql volatile as $f$
            begin
                if p >= '{from:O}'::timestamptz then raise exception 'injected read failure'; end if;
                return to_char(p at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"');
            end
            $f$
            """);
        try
        {
            return await reads();
        }
        finally
        {
            await Sql(original);
        }
    }

    private static async Task<HttpResponseMessage> NdjsonHistory(HttpClient client, string code)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/units/{code}/history");
        request.Headers.Accept.ParseAdd(GetUnitHistoryEndpoint.NdjsonMediaType);
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task An_export_or_streamed_history_that_cannot_read_at_all_answers_a_problem_document_and_no_bundle()
    {
        // Given: a model in Phường 01 (27298), and every read of the ledger failing
        await _officer.RegisteredModel(unit: "27298");
        var auditor = Auditor();

        // When
        var (export, history) = await WithReadsFailingFrom(DateTime.UnixEpoch, async () => (await auditor.GetAsync("/api/v1/units/27298/export"), await NdjsonHistory(auditor, "27298")));

        // Then
        (await export.ShouldBeProblem(500)).GetProperty("type").GetString().ShouldBe("urn:bvantq:problem:internal");
        export.Content.Headers.ContentDisposition.ShouldBeNull("no attachment was started");
        (await history.ShouldBeProblem(500)).GetProperty("type").GetString().ShouldBe("urn:bvantq:problem:internal");
    }

    [Fact]
    public async Task An_export_or_streamed_history_whose_read_fails_part_way_ends_with_an_error_record_that_verify_export_rejects()
    {
        // Given: more than one batch of events about Phường 01 (27298), and a read that fails on the last of them. The
        // canonical time function is swapped for one that raises past a moment, so the first batch reads and the second fails.
        var modelId = await _officer.RegisteredModel(unit: "27298");
        for (var i = 0; i < 5; i++)
        {
            (await _officer.PostJson($"/api/v1/models/{modelId}/patrols/batch", new RecordPatrols([.. Enumerable.Repeat(RecordPatrol.Example, RecordPatrols.MaxShifts)])))
                .StatusCode.ShouldBe(HttpStatusCode.Created);
        }
        await _officer.RecordedPatrol(modelId);
        var marker = await SqlValue<DateTime>($"select max(timestamp) from {api.Schema}.mt_events where stream_id = $1", modelId);
        var auditor = Auditor();
        var directory = Directory.CreateTempSubdirectory("bvantq-export-");
        var file = Path.Combine(directory.FullName, "interrupted.json");
        var key = Path.Combine(directory.FullName, "ledger.pem");
        await File.WriteAllTextAsync(key, await auditor.GetStringAsync("/api/v1/audit/signing-key"));

        // When
        var (export, history) = await WithReadsFailingFrom(marker, async () => (await auditor.GetAsync("/api/v1/units/27298/export"), await NdjsonHistory(auditor, "27298")));
        var bundle = await export.Content.ReadAsStringAsync();
        var lines = await history.Content.ReadAsStringAsync();
        await File.WriteAllTextAsync(file, bundle);
        var (code, output) = await VerifyExport(file, key);

        // Then
        export.StatusCode.ShouldBe(HttpStatusCode.OK, "the status was sent with the first batch");
        var node = JsonNode.Parse(bundle)!.AsObject();
        node.Select(p => p.Key).ShouldBe(["format", "events", "error"]);
        node["events"]!.AsArray().Count.ShouldBe(AuditTrail.Batch);
        node["error"]!["type"]!.GetValue<string>().ShouldBe(StreamInterrupted.ProblemType);
        var check = ExportVerifier.Check(bundle, await File.ReadAllTextAsync(key));
        check.Holds.ShouldBeFalse();
        check.Mismatches.ShouldHaveSingleItem().ShouldContain("interrupted after 1000 events");
        code.ShouldNotBe(0, output);
        output.ShouldContain("NOT OK");
        output.ShouldContain("the bundle is incomplete");
        var entries = lines.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        history.StatusCode.ShouldBe(HttpStatusCode.OK);
        entries.Count.ShouldBe(AuditTrail.Batch + 1);
        entries[^1]["error"]!["type"]!.GetValue<string>().ShouldBe(StreamInterrupted.ProblemType);
        entries.Take(AuditTrail.Batch).ShouldAllBe(e => e["sequence"] != null);
        directory.Delete(recursive: true);
    }

    [Fact]
    public async Task An_auditor_refused_another_provinces_history_export_and_verification_leaves_denied_entries_in_the_access_log()
    {
        // Given: a model in Hồ Chí Minh City and an auditor of Hà Nội
        var modelId = await _officer.RegisteredModel(unit: "27262");
        var prober = api.ClientWith(ApiFactory.Everything with { Subject = "inspector-hn-02", Client = "inspectorate", Roles = [Access.Auditor], Jurisdictions = ["01"] });

        // When
        var refused = new[]
        {
            await prober.GetAsync("/api/v1/units/27262/history?types=patrol_recorded"),
            await prober.GetAsync("/api/v1/units/27262/export"),
            await prober.GetAsync("/api/v1/units/79/verification"),
            await prober.GetAsync($"/api/v1/streams/{modelId}/verification"),
            await prober.GetAsync("/api/v1/audit/access-log"),
        };

        // Then
        foreach (var response in refused)
        {
            (await response.ShouldBeProblem(403)).GetProperty("type").GetString().ShouldBe(Problems.ForbiddenType);
        }
        var chief = api.ClientWith(ApiFactory.Everything with { Subject = "chief-inspector", Client = "inspectorate", Roles = [Access.Auditor] });
        var log = JsonDocument.Parse(await chief.GetStringAsync("/api/v1/audit/access-log?subject=inspector-hn-02&outcome=DENIED")).RootElement;
        var entries = log.GetProperty("items").EnumerateArray().ToList();
        entries.Select(e => (e.GetProperty("action").GetString(), e.GetProperty("resource").GetString(), e.GetProperty("outcome").GetString())).ShouldBe([
            ("HISTORY", "/api/v1/units/27262/history?types=patrol_recorded", "DENIED"),
            ("EXPORT", "/api/v1/units/27262/export", "DENIED"),
            ("VERIFICATION", "/api/v1/units/79/verification", "DENIED"),
            ("VERIFICATION", $"/api/v1/streams/{modelId}/verification", "DENIED"),
            ("ACCESS_LOG", "/api/v1/audit/access-log", "DENIED"),
        ]);
        entries.ShouldAllBe(e => e.GetProperty("clientSystem").GetString() == "inspectorate");
        JsonDocument.Parse(await chief.GetStringAsync("/api/v1/audit/access-log?subject=inspector-hn-02&outcome=GRANTED")).RootElement
            .GetProperty("items").GetArrayLength().ShouldBe(0);
        (await (await chief.GetAsync("/api/v1/audit/access-log?outcome=REFUSED")).ShouldBeProblem(400)).Fields().ShouldBe(["outcome"]);
    }

    [Fact]
    public async Task A_bundle_edited_rehashed_and_resigned_with_another_key_fails_against_the_pinned_key_and_nothing_is_OK_without_one()
    {
        // Given: a genuine export, the ledger's key as an auditor pins it, and a forgery: a shift's headcount raised, every
        // hash, link, digest and head recomputed, the manifest re-signed with the forger's key and that key put in the bundle.
        var modelId = await _officer.RegisteredModel(unit: "27262");
        await _officer.RecordedPatrol(modelId);
        await _officer.RecordedPatrol(modelId, on: new DateOnly(2023, 5, 7));
        var auditor = Auditor();
        var genuine = await auditor.GetStringAsync("/api/v1/units/27262/export");
        var keyResponse = await auditor.GetAsync("/api/v1/audit/signing-key");
        var ledgerKey = await keyResponse.Content.ReadAsStringAsync();
        using var forger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var node = JsonNode.Parse(genuine)!;
        var heads = new Dictionary<Guid, string>();
        var forgedEvents = new List<ChainedEvent>();
        foreach (var e in node["events"]!.AsArray().Select(e => e.Deserialize<ChainedEvent>(BundleJson.Options)!))
        {
            var changed = e.StreamId == modelId && e.Type == "patrol_recorded" ? e with { Data = e.Data.Replace("\"participants\": 7", "\"participants\": 70", StringComparison.Ordinal) } : e;
            changed = heads.TryGetValue(e.StreamId, out var previous) ? changed with { PreviousHash = previous } : changed;
            changed = changed with { Hash = EventChain.Hash(changed) };
            heads[e.StreamId] = changed.Hash;
            forgedEvents.Add(changed);
        }
        var manifest = JsonSerializer.Deserialize<ExportManifest>(node["manifest"]!.GetValue<string>(), BundleJson.Options)!;
        var forgedManifest = JsonSerializer.Serialize(manifest with
        {
            EventsDigest = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(string.Concat(forgedEvents.Select(e => e.Hash + "\n"))))),
            Streams = [.. manifest.Streams.Select(s => s with { HeadHash = heads[s.StreamId] })],
            KeyId = ExportSigning.KeyId(forger),
        }, BundleJson.Options);
        node["events"] = JsonSerializer.SerializeToNode(forgedEvents, BundleJson.Options);
        node["manifest"] = forgedManifest;
        node["signature"] = Convert.ToBase64String(forger.SignData(System.Text.Encoding.UTF8.GetBytes(forgedManifest), HashAlgorithmName.SHA256));
        node["publicKey"] = forger.ExportSubjectPublicKeyInfoPem();
        var forged = node.ToJsonString();
        var directory = Directory.CreateTempSubdirectory("bvantq-export-");
        var (genuineFile, forgedFile, keyFile) = (Path.Combine(directory.FullName, "genuine.json"), Path.Combine(directory.FullName, "forged.json"), Path.Combine(directory.FullName, "ledger.pem"));
        await File.WriteAllTextAsync(genuineFile, genuine);
        await File.WriteAllTextAsync(forgedFile, forged);
        await File.WriteAllTextAsync(keyFile, ledgerKey);

        // When
        var (forgedCode, forgedOutput) = await VerifyExport(forgedFile, keyFile);
        var (genuineCode, genuineOutput) = await VerifyExport(genuineFile, keyFile);
        var (unpinnedCode, unpinnedOutput) = await VerifyExport(forgedFile);

        // Then
        keyResponse.Content.Headers.ContentType!.MediaType.ShouldBe(GetSigningKeyEndpoint.PemMediaType);
        forged.ShouldContain("participants\\u0022: 70", customMessage: "the forgery changed a headcount");
        ExportVerifier.Check(forged, null).Mismatches.ShouldBeEmpty("the forgery is consistent in itself: only the key gives it away");
        forgedCode.ShouldNotBe(0, forgedOutput);
        forgedOutput.ShouldStartWith("NOT OK");
        forgedOutput.ShouldContain($"Signed with key {ExportSigning.KeyId(forger)}, not with the trusted key {manifest.KeyId}: the signer is not trusted.");
        genuineCode.ShouldBe(0, genuineOutput);
        genuineOutput.ShouldBe($"OK: {manifest.Events} events in {manifest.Streams.Count} streams; every hash, link and count matches the manifest signed by the trusted key {manifest.KeyId}.");
        unpinnedCode.ShouldNotBe(0, unpinnedOutput);
        unpinnedOutput.ShouldStartWith("NOT VERIFIED");
        unpinnedOutput.ShouldNotContain("OK:");
        directory.Delete(recursive: true);
    }

    private static async Task<(int ExitCode, string Output)> VerifyExport(string file, string? publicKey = null)
    {
        string[] pinned = publicKey is null ? [] : ["--public-key", publicKey];
        var start = new ProcessStartInfo("dotnet", [ApiFactory.ServiceDll, "verify-export", file, .. pinned])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = ApiFactory.ServiceDirectory,
        };
        start.Environment.Remove("ConnectionStrings__Marten");
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, output.Trim());
    }
}
