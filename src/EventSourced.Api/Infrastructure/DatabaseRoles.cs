using Npgsql;

namespace EventSourced.Api.Infrastructure;

/// <summary>
/// The ledger's two PostgreSQL roles (docs/operations.md, "Database roles"). The migration role
/// (<c>ConnectionStrings:MartenMigration</c>) owns the schema and runs <c>db-apply</c> and the other maintenance
/// commands. The service role (<c>ConnectionStrings:Marten</c>) owns nothing: it appends events and maintains read
/// models, but cannot change or remove a stored event, chain link or checkpoint, nor ALTER or DISABLE their triggers,
/// since only an owner may; whoever holds the service's connection string cannot rewrite history unnoticed.
/// </summary>
public static class DatabaseRoles
{
    public const string MigrationConnectionName = "MartenMigration";
    public const string RefusePrivilegedRoleSetting = "Database:RefusePrivilegedRole";

    /// <summary>The audit module's hash chain, checkpoints and access log: named here because the roles protect them.</summary>
    public const string AuditChainTable = "audit_event_chain";
    public const string AuditCheckpointTable = "audit_chain_checkpoints";
    public const string AuditAccessLogTable = "audit_access_log";

    /// <summary>Tables the service may read and add to, never change: the ledger and its tamper evidence.</summary>
    public static readonly IReadOnlyList<string> AppendOnlyTables =
        ["mt_events", AuditChainTable, AuditCheckpointTable, AuditAccessLogTable];

    /// <summary>
    /// db-apply, seed, audit-backfill, projections…: every command but the service itself (no argument, an option, or
    /// <c>run</c>) works on the schema as its owner.
    /// </summary>
    public static bool IsMaintenanceCommand(IReadOnlyList<string> args) =>
        args.Count > 0 && !args[0].StartsWith('-') && args[0] != "run";

    /// <summary>Whether a separate migration role is configured, so the service must leave the schema alone.</summary>
    public static bool HasMigrationRole(IConfiguration configuration) =>
        !string.IsNullOrEmpty(configuration.GetConnectionString(MigrationConnectionName));

    /// <summary>
    /// Whether this process migrates the schema when it starts: outside Production, when it is a maintenance command
    /// or when no separate migration role is configured (tests, a bare development database). A service connected as
    /// the service role could not, and must not try.
    /// </summary>
    public static bool MigratesOnStart(IConfiguration configuration, IHostEnvironment environment, bool maintenance) =>
        !environment.IsProduction() && (maintenance || !HasMigrationRole(configuration));

    /// <summary>Maintenance commands connect as the migration role when one is configured, the service never does.</summary>
    public static string ConnectionString(IConfiguration configuration, bool maintenance) =>
        (maintenance && HasMigrationRole(configuration)
            ? configuration.GetConnectionString(MigrationConnectionName)
            : configuration.GetConnectionString("Marten"))
        ?? throw new InvalidOperationException("ConnectionStrings:Marten is not configured (env ConnectionStrings__Marten).");

    /// <summary>
    /// Why the connection's role may change what it must not (a superuser, or the owner of <c>mt_events</c> or a member
    /// of that owner), or null when it may not.
    /// </summary>
    public static async Task<string?> PrivilegeProblem(NpgsqlConnection connection, string schema, CancellationToken ct)
    {
        await using var check = new NpgsqlCommand("""
            select r.rolsuper,
                   exists (select 1 from pg_tables t
                           where t.schemaname = $1 and t.tablename = 'mt_events' and pg_has_role(current_user, t.tableowner, 'MEMBER'))
            from pg_roles r where r.rolname = current_user
            """, connection);
        check.Parameters.AddWithValue(schema);
        await using var reader = await check.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var role = connection.UserName;
        if (reader.GetBoolean(0))
        {
            return $"The service connects to PostgreSQL as {role}, a superuser: it could rewrite events and the audit chain and disable their triggers. Connect as the service role (docs/operations.md, \"Database roles\").";
        }
        if (reader.GetBoolean(1))
        {
            return $"The service connects to PostgreSQL as {role}, which owns {schema}.mt_events (or is a member of its owner): it could alter the table and disable its triggers. Connect as the service role (docs/operations.md, \"Database roles\").";
        }
        return null;
    }

}

/// <summary>
/// What the service role may do in the schema, and nothing more; applied by <c>db-apply</c> as the owner after the
/// migration, every time, so tables a new version adds are covered. One transaction: a running service never sees the
/// moment between revoke and grant.
/// </summary>
public sealed record ServiceRoleGrant(string MigrationConnection, string Schema, string ServiceRole)
{
    /// <summary>Null when the service connects as the migration role: then there is nobody to grant to.</summary>
    public static ServiceRoleGrant? For(IConfiguration configuration)
    {
        if (!DatabaseRoles.HasMigrationRole(configuration))
        {
            return null;
        }
        var migration = configuration.GetConnectionString(DatabaseRoles.MigrationConnectionName)!;
        var service = new NpgsqlConnectionStringBuilder(DatabaseRoles.ConnectionString(configuration, maintenance: false)).Username;
        return string.IsNullOrEmpty(service) || service == new NpgsqlConnectionStringBuilder(migration).Username
            ? null
            : new ServiceRoleGrant(migration, StoreSettings.Schema(configuration), service);
    }

    public async Task Apply(CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(MigrationConnection);
        await connection.OpenAsync(ct);
        await using var grant = new NpgsqlCommand(Sql, connection);
        await grant.ExecuteNonQueryAsync(ct);
    }

    public string Sql
    {
        get
        {
            var s = Quote(Schema);
            var role = Quote(ServiceRole);
            var appendOnly = string.Join(", ", DatabaseRoles.AppendOnlyTables.Select(t => $"{s}.{Quote(t)}"));
            // Wolverine's envelope tables live in the store's schema (IntegrateWithWolverine): "all tables" covers them.
            return $"""
                begin;
                grant usage on schema {s} to {role};
                revoke all on all tables in schema {s} from {role};
                grant select, insert, update, delete on all tables in schema {s} to {role};
                revoke update, delete on {appendOnly} from {role};
                -- Marten's append moves a stream's version forward; the service never deletes a stream.
                revoke delete on {s}.mt_streams from {role};
                revoke all on all sequences in schema {s} from {role};
                grant usage, select on all sequences in schema {s} to {role};
                grant execute on all functions in schema {s} to {role};
                commit;
                """;
        }
    }

    private static string Quote(string identifier) => $"\"{identifier.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}

/// <summary>
/// In Production, at start: an error in the log when the service's role could rewrite the ledger, or no start at all
/// with <c>Database:RefusePrivilegedRole=true</c>. Logged rather than refused by default, so a deployment that has
/// not split its roles yet keeps running while it is told.
/// </summary>
public sealed class DatabaseRoleCheck(IConfiguration configuration, ILogger<DatabaseRoleCheck> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        string? problem;
        try
        {
            await using var connection = new NpgsqlConnection(DatabaseRoles.ConnectionString(configuration, maintenance: false));
            await connection.OpenAsync(cancellationToken);
            problem = await DatabaseRoles.PrivilegeProblem(connection, StoreSettings.Schema(configuration), cancellationToken);
        }
        catch (NpgsqlException e)
        {
            logger.LogWarning(e, "Could not check the service's PostgreSQL role at start");
            return;
        }
        if (problem is null)
        {
            return;
        }
        if (configuration.GetValue<bool>(DatabaseRoles.RefusePrivilegedRoleSetting))
        {
            throw new InvalidOperationException(problem);
        }
        logger.LogError("{Problem}", problem);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
