using System.Net;
using System.Text.Json;
using EventSourced.Api.Infrastructure;
using EventSourced.Api.Modules.Audit;
using Npgsql;

namespace EventSourced.IntegrationTests.Audit;

/// <summary>
/// Tamper evidence (issue 4, item 3): each test records a model with four patrols (stream versions 1–5), then changes
/// PostgreSQL behind the ledger's back, as someone with database access would, and asks for verification.
/// </summary>
public class ChainTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _recorder = api.CreateClient();
    private readonly HttpClient _auditor = api.ClientAs([Access.Auditor], "79");

    private async Task<Guid> ModelWithFourPatrols()
    {
        var modelId = await _recorder.RegisteredModel(unit: "27259");
        for (var day = 1; day <= 4; day++)
        {
            await _recorder.RecordedPatrol(modelId, participants: 5 + day, on: new DateOnly(2023, 5, day));
        }
        return modelId;
    }

    private static async Task Sql(string sql, bool asAttacker = false)
    {
        await using var connection = new NpgsqlConnection(ApiFactory.ConnectionString);
        await connection.OpenAsync();
        // Someone who owns the database can switch triggers off, including the chain's append-only guards.
        var prefix = asAttacker ? "set session_replication_role = replica; " : "";
        await using var command = new NpgsqlCommand(prefix + sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<JsonElement> Verify(Guid streamId)
    {
        var response = await _auditor.GetAsync($"/api/v1/streams/{streamId}/verification");
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static (long Version, string Kind, string Reason) FirstBroken(JsonElement verification)
    {
        verification.GetProperty("status").GetString().ShouldBe("BROKEN");
        var first = verification.GetProperty("firstBroken");
        return (first.GetProperty("version").GetInt64(), first.GetProperty("kind").GetString()!, first.GetProperty("reason").GetString()!);
    }

    [Fact]
    public async Task An_untouched_stream_verifies_OK_with_one_link_per_event_and_its_ward_verifies_OK()
    {
        var modelId = await ModelWithFourPatrols();

        var verification = await Verify(modelId);
        var ward = await _auditor.GetAsync("/api/v1/units/27259/verification");

        verification.GetProperty("status").GetString().ShouldBe("OK");
        verification.GetProperty("events").GetInt32().ShouldBe(5);
        verification.GetProperty("lastVersion").GetInt64().ShouldBe(5);
        verification.GetProperty("headHash").GetString()!.Length.ShouldBe(64);
        var unit = JsonDocument.Parse(await ward.Content.ReadAsStringAsync()).RootElement;
        unit.GetProperty("status").GetString().ShouldBe("OK");
        unit.GetProperty("streams").GetInt32().ShouldBeGreaterThanOrEqualTo(2, "the model's stream and the ward's own version streams");
    }

    [Fact]
    public async Task Changing_an_events_data_with_SQL_is_reported_as_ALTERED_at_that_version_and_breaks_its_ward()
    {
        var modelId = await ModelWithFourPatrols();

        await Sql($"update {api.Schema}.mt_events set data = jsonb_set(data, '{{participants}}', '70') where stream_id = '{modelId}' and version = 3");

        var (version, kind, reason) = FirstBroken(await Verify(modelId));
        version.ShouldBe(3);
        kind.ShouldBe("ALTERED");
        reason.ShouldContain("patrol_recorded");
        var ward = JsonDocument.Parse(await _auditor.GetStringAsync("/api/v1/units/27259/verification")).RootElement;
        ward.GetProperty("status").GetString().ShouldBe("BROKEN");
        ward.GetProperty("broken").EnumerateArray().Select(b => b.GetProperty("streamId").GetGuid()).ShouldContain(modelId);
    }

    [Fact]
    public async Task Changing_who_recorded_an_event_is_reported_as_ALTERED_too()
    {
        var modelId = await ModelWithFourPatrols();

        await Sql($"update {api.Schema}.mt_events set user_name = 'someone-else' where stream_id = '{modelId}' and version = 2");

        var (version, kind, _) = FirstBroken(await Verify(modelId));
        (version, kind).ShouldBe((2, "ALTERED"));
    }

    [Fact]
    public async Task Deleting_an_event_is_reported_as_DELETED_at_its_version()
    {
        var modelId = await ModelWithFourPatrols();

        await Sql($"delete from {api.Schema}.mt_events where stream_id = '{modelId}' and version = 4");

        var (version, kind, reason) = FirstBroken(await Verify(modelId));
        (version, kind).ShouldBe((4, "DELETED"));
        reason.ShouldContain("no longer stored");
    }

    [Fact]
    public async Task Swapping_two_events_is_reported_as_MOVED_at_the_first_of_them()
    {
        var modelId = await ModelWithFourPatrols();

        await Sql($"""
            update {api.Schema}.mt_events set version = -2 where stream_id = '{modelId}' and version = 2;
            update {api.Schema}.mt_events set version = 2 where stream_id = '{modelId}' and version = 3;
            update {api.Schema}.mt_events set version = 3 where stream_id = '{modelId}' and version = -2;
            """);

        var verification = await Verify(modelId);
        var (version, kind, reason) = FirstBroken(verification);
        (version, kind).ShouldBe((2, "MOVED"));
        reason.ShouldContain("now stands at version 3");
        verification.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("version").GetInt64()).ShouldBe([2, 3]);
    }

    [Fact]
    public async Task Truncating_a_streams_tail_together_with_its_chain_is_caught_by_the_last_checkpoint()
    {
        var modelId = await ModelWithFourPatrols();
        var checkpoint = await api.ClientAs([Access.Admin], Jurisdiction.National).PostAsync("/api/v1/audit/checkpoints", null);
        (await checkpoint.Read<CheckpointTaken>()).Streams.ShouldBeGreaterThanOrEqualTo(1);

        // A careful attacker removes the last two events, their links and the stream header's trace of them.
        await Sql($"""
            delete from {api.Schema}.{AuditSchema.ChainTable} where stream_id = '{modelId}' and version > 3;
            delete from {api.Schema}.mt_events where stream_id = '{modelId}' and version > 3;
            update {api.Schema}.mt_streams set version = 3 where id = '{modelId}';
            """, asAttacker: true);

        var (version, kind, reason) = FirstBroken(await Verify(modelId));
        (version, kind).ShouldBe((4, "TRUNCATED"));
        reason.ShouldContain("recorded version 5");
        reason.ShouldContain("now ends at version 3");
    }

    [Fact]
    public async Task Removing_the_tail_events_but_not_the_stream_header_is_reported_as_DELETED_without_a_checkpoint()
    {
        var modelId = await ModelWithFourPatrols();

        await Sql($"delete from {api.Schema}.mt_events where stream_id = '{modelId}' and version = 5");

        FirstBroken(await Verify(modelId)).Kind.ShouldBe("DELETED");
    }

    [Fact]
    public async Task The_chain_checkpoint_and_access_log_tables_refuse_updates_deletes_and_truncation()
    {
        var modelId = await ModelWithFourPatrols();
        await api.ClientAs([Access.Admin], Jurisdiction.National).PostAsync("/api/v1/audit/checkpoints", null);
        await Verify(modelId);

        foreach (var table in new[] { AuditSchema.ChainTable, AuditSchema.CheckpointTable, AuditSchema.AccessLogTable })
        {
            var failure = await Should.ThrowAsync<PostgresException>(() => Sql($"delete from {api.Schema}.{table}"));
            failure.MessageText.ShouldContain("append-only");
        }
        var update = await Should.ThrowAsync<PostgresException>(() => Sql($"update {api.Schema}.{AuditSchema.ChainTable} set hash = 'x'"));
        update.MessageText.ShouldContain("append-only");
        var truncate = await Should.ThrowAsync<PostgresException>(() => Sql($"truncate {api.Schema}.{AuditSchema.AccessLogTable}"));
        truncate.MessageText.ShouldContain("append-only");
    }

    [Fact]
    public async Task Db_assert_finds_a_missing_append_only_guard_and_db_apply_restores_it()
    {
        var database = api.Store.Storage.Database;
        await database.AssertDatabaseMatchesConfigurationAsync();

        await Sql($"drop trigger {AuditSchema.ChainTable}_no_update on {api.Schema}.{AuditSchema.ChainTable}");
        var drift = await Should.ThrowAsync<Exception>(() => database.AssertDatabaseMatchesConfigurationAsync());
        await database.ApplyAllConfiguredChangesToDatabaseAsync();

        drift.ToString().ShouldContain($"{AuditSchema.ChainTable}_no_update");
        await database.AssertDatabaseMatchesConfigurationAsync();
        (await Should.ThrowAsync<PostgresException>(() => Sql($"update {api.Schema}.{AuditSchema.ChainTable} set hash = 'x'"))).MessageText.ShouldContain("append-only");
    }

    [Fact]
    public async Task Events_recorded_before_the_chain_was_installed_are_reported_unchained_until_the_backfill_chains_them()
    {
        await Sql($"alter table {api.Schema}.mt_events disable trigger audit_chain_on_append");
        Guid modelId;
        try
        {
            modelId = await ModelWithFourPatrols();
        }
        finally
        {
            await Sql($"alter table {api.Schema}.mt_events enable trigger audit_chain_on_append");
        }
        var before = await _auditor.GetAsync($"/api/v1/streams/{modelId}/verification");
        var unchained = JsonDocument.Parse(await before.Content.ReadAsStringAsync()).RootElement;

        var chained = await AuditBackfillCommand.Backfill(api.Store, CancellationToken.None);

        unchained.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("kind").GetString()).ShouldBe(Enumerable.Repeat("UNCHAINED", 5));
        chained.ShouldBeGreaterThanOrEqualTo(5);
        var after = await Verify(modelId);
        after.GetProperty("status").GetString().ShouldBe("OK");
        after.GetProperty("events").GetInt32().ShouldBe(5);
        (await AuditBackfillCommand.Backfill(api.Store, CancellationToken.None)).ShouldBe(0, "a second run has nothing to chain");
    }

    [Fact]
    public async Task Every_event_of_the_store_is_chained_as_it_is_appended_including_several_in_one_transaction()
    {
        await ModelWithFourPatrols();

        await using var connection = new NpgsqlConnection(ApiFactory.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand($"""
            select count(*) from {api.Schema}.mt_events e
            where e.type <> 'tombstone' and not exists (select 1 from {api.Schema}.{AuditSchema.ChainTable} c where c.seq_id = e.seq_id)
            """, connection);
        ((long)(await count.ExecuteScalarAsync())!).ShouldBe(0);
    }

    [Fact]
    public async Task Verification_outside_the_auditors_jurisdiction_is_403_and_an_unknown_stream_is_404()
    {
        var modelId = await ModelWithFourPatrols();

        await (await api.ClientAs([Access.Auditor], "01").GetAsync($"/api/v1/streams/{modelId}/verification")).ShouldBeProblem(403);
        await (await api.ClientAs([Access.Auditor], "01").GetAsync("/api/v1/units/27259/verification")).ShouldBeProblem(403);
        await (await _auditor.GetAsync($"/api/v1/streams/{Guid.NewGuid()}/verification")).ShouldBeProblem(404);
        await (await api.ClientAs([Access.Analyst], Jurisdiction.National).GetAsync($"/api/v1/streams/{modelId}/verification")).ShouldBeProblem(403);
    }
}
