using System.Diagnostics;
using System.Net;
using EventSourced.Api;
using EventSourced.Api.Infrastructure;
using EventSourced.Api.Ledger;
using EventSourced.Api.Modules.Audit;
using EventSourced.Api.Modules.Models;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace EventSourced.IntegrationTests.Infrastructure;

/// <summary>
/// A fresh schema made by the real <c>db-apply</c> as a migration role of the test's own, which then grants a service
/// role of the test's own; the real service connects as that service role. Roles are cluster-wide, so both carry a
/// random suffix and are dropped with everything they own or were granted.
/// </summary>
public sealed class ServiceRoleDatabase : IAsyncLifetime
{
    private static readonly string Suffix = Guid.NewGuid().ToString("N")[..10];
    private static readonly string Password = Guid.NewGuid().ToString("N");

    public string Owner { get; } = $"it_owner_{Suffix}";
    public string ServiceRole { get; } = $"it_service_{Suffix}";
    public string OwnerConnection => As(Owner);
    public string ServiceConnection => As(ServiceRole);
    public ServiceRoleApi Api { get; private set; } = null!;
    public string DbApplyOutput { get; private set; } = "";

    private static string As(string role) =>
        new NpgsqlConnectionStringBuilder(ApiFactory.ConnectionString) { Username = role, Password = Password }.ConnectionString;

    public async Task InitializeAsync()
    {
        var database = new NpgsqlConnectionStringBuilder(ApiFactory.ConnectionString).Database;
        await AsSuperuser($"""
            create role {Owner} login nosuperuser password '{Password}';
            create role {ServiceRole} login nosuperuser password '{Password}';
            grant create on database "{database}" to {Owner};
            """);
        Api = new ServiceRoleApi(OwnerConnection, ServiceConnection);
        DbApplyOutput = await DbApply(Api.Schema);
        // Every db-apply grants again: a second grant must change nothing and fail on nothing.
        await new ServiceRoleGrant(OwnerConnection, Api.Schema, ServiceRole).Apply(CancellationToken.None);
        await ((IAsyncLifetime)Api).InitializeAsync();
    }

    /// <summary>The real `db-apply` command, configured as ops/run configures it: both roles, the migration one used.</summary>
    private async Task<string> DbApply(string schema)
    {
        var start = new ProcessStartInfo("dotnet", [ApiFactory.ServiceDll, "db-apply"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = ApiFactory.ServiceDirectory,
        };
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        start.Environment["ConnectionStrings__Marten"] = ServiceConnection;
        start.Environment["ConnectionStrings__MartenMigration"] = OwnerConnection;
        start.Environment["Marten__Schema"] = schema;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"db-apply failed ({process.ExitCode}): {await errors}{await output}");
        }
        return await output;
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)Api).DisposeAsync();
        await AsSuperuser($"drop owned by {Owner}, {ServiceRole} cascade; drop role {ServiceRole}; drop role {Owner};");
    }

    private static async Task AsSuperuser(string sql)
    {
        await using var connection = new NpgsqlConnection(ApiFactory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

/// <summary>The service as operators run it: connected as the service role, the migration role configured beside it.</summary>
public sealed class ServiceRoleApi(string ownerConnection, string serviceConnection) : ApiFactory
{
    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Marten", serviceConnection);
        builder.UseSetting($"ConnectionStrings:{DatabaseRoles.MigrationConnectionName}", ownerConnection);
    }
}

/// <summary>
/// Issue 11, item 8: the service connects as a role that owns nothing it must not change. It records and reads as
/// ever, but cannot rewrite the events, the audit chain or the checkpoints, nor switch their triggers off.
/// </summary>
public class DatabaseRoleTests(ServiceRoleDatabase database) : IClassFixture<ServiceRoleDatabase>
{
    private readonly ServiceRoleApi _api = database.Api;
    private string Schema => _api.Schema;

    private async Task<int> AsServiceRole(string sql)
    {
        await using var connection = new NpgsqlConnection(database.ServiceConnection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> Scalar<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(ApiFactory.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private async Task<Guid> ModelWithAPatrol()
    {
        var recorder = _api.CreateClient();
        var modelId = await recorder.RegisteredModel(unit: "27259");
        await recorder.RecordedPatrol(modelId, participants: 7);
        return modelId;
    }

    [Fact]
    public async Task The_service_connected_as_the_service_role_records_a_model_and_a_patrol_and_reads_them_back()
    {
        // Given
        var recorder = _api.CreateClient();
        var start = new DateTimeOffset(2023, 5, 6, 19, 0, 0, VietnamTime.Offset);

        // When
        var registered = await recorder.PostJson("/api/v1/models", RegisterModel.Example with { UnitCode = "27259" });
        var modelId = (await registered.Read<Recorded>()).Id;
        var patrol = await recorder.PostJson($"/api/v1/models/{modelId}/patrols",
            RecordPatrol.Example with { ShiftStart = start, ShiftEnd = start.AddHours(4), Participants = 9 });
        var read = await recorder.GetAsync($"/api/v1/models/{modelId}");
        await _api.WaitForProjections();

        // Then
        await using (var session = _api.Store.QuerySession())
        {
            (await session.QueryAsync<string>("select current_user::text")).Single().ShouldBe(database.ServiceRole);
        }
        registered.StatusCode.ShouldBe(HttpStatusCode.Created, await registered.Content.ReadAsStringAsync());
        patrol.StatusCode.ShouldBe(HttpStatusCode.Created, await patrol.Content.ReadAsStringAsync());
        read.StatusCode.ShouldBe(HttpStatusCode.OK, await read.Content.ReadAsStringAsync());
        var model = await read.Read<SecurityModel>();
        model.Id.ShouldBe(modelId);
        model.Totals.PatrolShifts.ShouldBe(1);
        model.Totals.Participations.ShouldBe(9);
        model.Version.ShouldBe(2);
        (await Scalar<long>($"select count(*) from {Schema}.{AuditSchema.ChainTable} where stream_id = '{modelId}'")).ShouldBe(2L);
    }

    [Fact]
    public async Task Db_apply_as_the_migration_role_grants_the_service_role_reads_and_inserts_on_the_ledger_and_full_use_of_the_rest()
    {
        // When
        var privileges = await Scalar<string>($"""
            select string_agg(t.name || '=' || coalesce((
                select string_agg(p, ',' order by o) from unnest(array['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) with ordinality as x(p, o)
                where has_table_privilege('{database.ServiceRole}', '{Schema}.' || t.name, p)), '-'), ' ' order by t.name)
            from unnest(array['mt_events', 'audit_event_chain', 'audit_chain_checkpoints', 'audit_access_log', 'mt_streams',
                              'mt_doc_securitymodel', 'mt_event_progression', 'mt_doc_idempotencyrecord', 'wolverine_incoming_envelopes']) as t(name)
            """);
        var owners = await Scalar<string>($"select string_agg(distinct tableowner::text, ',') from pg_tables where schemaname = '{Schema}'");

        // Then
        database.DbApplyOutput.ShouldContain($"Granted the service role {database.ServiceRole} its rights in schema {Schema}.");
        owners.ShouldBe(database.Owner);
        privileges.ShouldBe(string.Join(' ',
            "audit_access_log=SELECT,INSERT",
            "audit_chain_checkpoints=SELECT,INSERT",
            "audit_event_chain=SELECT,INSERT",
            "mt_doc_idempotencyrecord=SELECT,INSERT,UPDATE,DELETE",
            "mt_doc_securitymodel=SELECT,INSERT,UPDATE,DELETE",
            "mt_event_progression=SELECT,INSERT,UPDATE,DELETE",
            "mt_events=SELECT,INSERT",
            "mt_streams=SELECT,INSERT,UPDATE",
            "wolverine_incoming_envelopes=SELECT,INSERT,UPDATE,DELETE"));
    }

    [Theory]
    [InlineData("update {schema}.mt_events set data = '{}'")]
    [InlineData("delete from {schema}.mt_events")]
    [InlineData("truncate {schema}.mt_events")]
    [InlineData("delete from {schema}.audit_event_chain")]
    [InlineData("update {schema}.audit_event_chain set hash = 'forged'")]
    [InlineData("delete from {schema}.audit_chain_checkpoints")]
    [InlineData("update {schema}.audit_chain_checkpoints set hash = 'forged'")]
    [InlineData("delete from {schema}.mt_streams")]
    public async Task The_service_role_is_refused_changing_or_removing_recorded_events_chain_links_and_checkpoints(string statement)
    {
        // Given
        var modelId = await ModelWithAPatrol();
        await _api.ClientAs([Access.Admin], Jurisdiction.National).PostAsync("/api/v1/audit/checkpoints", null);
        var before = await Fingerprint();

        // When
        var refused = await Should.ThrowAsync<PostgresException>(() => AsServiceRole(statement.Replace("{schema}", Schema, StringComparison.Ordinal)));

        // Then
        refused.SqlState.ShouldBe(PostgresErrorCodes.InsufficientPrivilege, refused.MessageText);
        refused.MessageText.ShouldStartWith("permission denied");
        (await Fingerprint()).ShouldBe(before);
        (await Scalar<long>($"select count(*) from {Schema}.mt_events where stream_id = '{modelId}'")).ShouldBe(2L);
    }

    [Theory]
    [InlineData("alter table {schema}.mt_events disable trigger all")]
    [InlineData("alter table {schema}.mt_events disable trigger audit_chain_on_append")]
    [InlineData("drop trigger audit_chain_on_append on {schema}.mt_events")]
    [InlineData("alter table {schema}.audit_event_chain disable trigger all")]
    [InlineData("alter table {schema}.audit_chain_checkpoints disable trigger all")]
    [InlineData("alter table {schema}.audit_access_log disable trigger all")]
    public async Task The_service_role_is_refused_switching_off_the_triggers_that_chain_and_guard_the_ledger(string statement)
    {
        // Given
        var triggersBefore = await EnabledTriggers();

        // When
        var refused = await Should.ThrowAsync<PostgresException>(() => AsServiceRole(statement.Replace("{schema}", Schema, StringComparison.Ordinal)));

        // Then
        refused.SqlState.ShouldBe(PostgresErrorCodes.InsufficientPrivilege, refused.MessageText);
        refused.MessageText.ShouldStartWith("must be owner");
        (await EnabledTriggers()).ShouldBe(triggersBefore);
        triggersBefore.ShouldBe(10L);
    }

    [Fact]
    public async Task The_service_role_cannot_turn_triggers_off_for_its_session_either()
    {
        // When
        var refused = await Should.ThrowAsync<PostgresException>(() => AsServiceRole("set session_replication_role = replica"));

        // Then
        refused.SqlState.ShouldBe(PostgresErrorCodes.InsufficientPrivilege, refused.MessageText);
    }

    [Fact]
    public async Task The_service_role_is_neither_superuser_nor_a_member_of_the_owner()
    {
        // When
        var superuser = await Scalar<bool>($"select rolsuper from pg_roles where rolname = '{database.ServiceRole}'");
        var member = await Scalar<bool>($"select pg_has_role('{database.ServiceRole}', '{database.Owner}', 'MEMBER')");
        var owner = await Scalar<string>($"select tableowner::text from pg_tables where schemaname = '{Schema}' and tablename = 'mt_events'");

        // Then
        superuser.ShouldBeFalse();
        member.ShouldBeFalse();
        owner.ShouldBe(database.Owner);
    }

    [Fact]
    public async Task The_start_up_check_names_a_superuser_and_the_owner_and_passes_the_service_role()
    {
        // When
        var superuser = await PrivilegeProblem(ApiFactory.ConnectionString);
        var owner = await PrivilegeProblem(database.OwnerConnection);
        var service = await PrivilegeProblem(database.ServiceConnection);

        // Then
        superuser.ShouldNotBeNull().ShouldContain("a superuser");
        owner.ShouldNotBeNull().ShouldContain($"which owns {Schema}.mt_events");
        service.ShouldBeNull();
    }

    [Fact]
    public async Task The_start_up_check_refuses_to_start_as_a_superuser_when_told_to()
    {
        // Given
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Marten"] = ApiFactory.ConnectionString,
            [EventStore.SchemaKey] = Schema,
            [DatabaseRoles.RefusePrivilegedRoleSetting] = "true",
        }).Build();
        var check = new DatabaseRoleCheck(configuration, NullLogger<DatabaseRoleCheck>.Instance);

        // When
        var refused = await Should.ThrowAsync<InvalidOperationException>(() => check.StartAsync(CancellationToken.None));

        // Then
        refused.Message.ShouldContain("a superuser");
    }

    private async Task<string?> PrivilegeProblem(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return await DatabaseRoles.PrivilegeProblem(connection, Schema, CancellationToken.None);
    }

    /// <summary>Every stored event, chain link and checkpoint hashed together: any change shows.</summary>
    private Task<string> Fingerprint() => Scalar<string>($"""
        select md5(
            coalesce((select string_agg(seq_id || ':' || version || ':' || data::text, ',' order by seq_id) from {Schema}.mt_events), '') || '|' ||
            coalesce((select string_agg(seq_id || ':' || hash, ',' order by seq_id) from {Schema}.{AuditSchema.ChainTable}), '') || '|' ||
            coalesce((select string_agg(checkpoint_id || ':' || hash, ',' order by checkpoint_id) from {Schema}.{AuditSchema.CheckpointTable}), '') || '|' ||
            coalesce((select string_agg(id::text || ':' || version, ',' order by id) from {Schema}.mt_streams), ''))
        """);

    /// <summary>The chain trigger on mt_events and the nine append-only guards, counted while enabled.</summary>
    private Task<long> EnabledTriggers() => Scalar<long>($"""
        select count(*) from pg_trigger t join pg_class c on c.oid = t.tgrelid join pg_namespace n on n.oid = c.relnamespace
        where n.nspname = '{Schema}' and not t.tgisinternal and t.tgenabled = 'O'
          and c.relname in ('mt_events', '{AuditSchema.ChainTable}', '{AuditSchema.CheckpointTable}', '{AuditSchema.AccessLogTable}')
        """);
}
