using EventSourced.Api;
using EventSourced.Api.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting.Internal;

namespace EventSourced.Tests.Infrastructure;

public class DatabaseRolesTests
{
    private const string Service = "Host=db;Username=ledger_service;Password=s";
    private const string Migration = "Host=db;Username=ledger_migration;Password=m";

    private static IConfiguration Settings(string? migration = Migration, string service = Service) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Marten"] = service,
            ["ConnectionStrings:MartenMigration"] = migration,
        }).Build();

    private static HostingEnvironment Environment(string name) => new() { EnvironmentName = name };

    [Theory]
    [InlineData(new string[0], false)]
    [InlineData(new[] { "--urls", "http://127.0.0.1:5080" }, false)]
    [InlineData(new[] { "run" }, false)]
    [InlineData(new[] { "db-apply" }, true)]
    [InlineData(new[] { "seed", "--dataset" }, true)]
    [InlineData(new[] { "audit-backfill" }, true)]
    [InlineData(new[] { "projections", "rebuild" }, true)]
    public void Every_command_but_the_service_itself_is_maintenance(string[] args, bool maintenance) =>
        DatabaseRoles.IsMaintenanceCommand(args).ShouldBe(maintenance);

    [Fact]
    public void Maintenance_connects_as_the_migration_role_and_the_service_as_the_service_role()
    {
        DatabaseRoles.ConnectionString(Settings(), maintenance: true).ShouldBe(Migration);
        DatabaseRoles.ConnectionString(Settings(), maintenance: false).ShouldBe(Service);
        DatabaseRoles.ConnectionString(Settings(migration: null), maintenance: true).ShouldBe(Service);
    }

    [Theory]
    [InlineData("Development", false, false, false)]
    [InlineData("Development", false, true, true)]
    [InlineData("Development", true, false, true)]
    [InlineData("Production", true, false, false)]
    [InlineData("Production", false, true, false)]
    public void Only_the_schema_owner_outside_Production_migrates_on_start(string environment, bool withoutMigrationRole, bool maintenance, bool migrates) =>
        DatabaseRoles.MigratesOnStart(Settings(withoutMigrationRole ? null : Migration), Environment(environment), maintenance).ShouldBe(migrates);

    [Fact]
    public void Db_apply_grants_the_user_of_the_service_connection_in_the_configured_schema()
    {
        var grant = ServiceRoleGrant.For(Settings()).ShouldNotBeNull();

        grant.ShouldBe(new ServiceRoleGrant(Migration, EventStore.DefaultSchema, "ledger_service"));
        grant.Sql.ShouldContain("""revoke update, delete on "ledger"."mt_events", "ledger"."audit_event_chain", "ledger"."audit_chain_checkpoints", "ledger"."audit_access_log" from "ledger_service";""");
    }

    [Fact]
    public void Nothing_is_granted_when_the_service_connects_as_the_migration_role()
    {
        ServiceRoleGrant.For(Settings(migration: null)).ShouldBeNull();
        ServiceRoleGrant.For(Settings(migration: Service)).ShouldBeNull();
    }
}
