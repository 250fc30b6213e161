using JasperFx;
using Marten;
using Npgsql;
using Weasel.Core;

namespace EventSourced.Api.Infrastructure;

/// <summary>
/// Marten as event store and document store: one place for the store-wide settings. The modules add their events,
/// projections and documents on top (EventStore.cs, beside Program.cs).
/// </summary>
public static class StoreSettings
{
    /// <summary>Configuration key of the PostgreSQL schema; tests give each test class its own.</summary>
    public const string SchemaKey = "Marten:Schema";
    public const string DefaultSchema = "ledger";

    public static string Schema(IConfiguration configuration) => configuration[SchemaKey] ?? DefaultSchema;

    /// <param name="maintenance">db-apply and the other commands, which connect as the migration role (DatabaseRoles).</param>
    public static void Apply(StoreOptions opts, IConfiguration configuration, IHostEnvironment environment, bool maintenance = false)
    {
        var connection = new NpgsqlConnectionStringBuilder(DatabaseRoles.ConnectionString(configuration, maintenance))
        {
            // The ledger sets no session state on its connections, so a pooled connection needs no DISCARD ALL when it
            // is returned: that was three round trips per command (docs/performance.md).
            NoResetOnClose = true,
        };
        // PostgreSQL's JIT compiles any statement whose estimated cost passes jit_above_cost, and the activity read
        // model's one statement per projection batch always does: 1.4 s of compiling for 0.1 s of work, which held
        // the daemon to 350 events/s (docs/performance.md). The ledger's statements are short and index-driven; none gains.
        connection.Options = $"{connection.Options} -c jit=off".Trim();
        opts.Connection(connection.ConnectionString);
        opts.DatabaseSchemaName = Schema(configuration);

        // Development creates and migrates tables on first use; Production, and a service connected as the service role,
        // change nothing by themselves and are migrated by the explicit `db-apply` command (ops/run runs it,
        // docs/operations.md explains it).
        opts.AutoCreateSchemaObjects = DatabaseRoles.MigratesOnStart(configuration, environment, maintenance)
            ? AutoCreate.CreateOrUpdate
            : AutoCreate.None;

        opts.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase, ApiNames.UseApiEnums);

        // Who/why metadata on every event: correlation id (X-Correlation-Id), causation id (the command), headers,
        // and the authenticated user name. EnableAll leaves the user name off, so it is switched on by itself.
        opts.Events.MetadataConfig.EnableAll();
        opts.Events.MetadataConfig.UserNameEnabled = true;

        // The daemon is woken by NOTIFY when events are appended rather than waiting for its next poll (about 1 s):
        // province statistics see a patrol within milliseconds (docs/performance.md, projection lag).
        opts.Events.UseListenNotifyForEventAppends = true;

        // A projection that cannot apply an event stops and is reported; skipping would publish wrong figures.
        opts.Projections.Errors.SkipApplyErrors = false;
        opts.Projections.Errors.SkipSerializationErrors = false;
        opts.Projections.Errors.SkipUnknownEvents = false;

        // Idempotency-Key records live beside the events they guard (Idempotency.cs).
        opts.RegisterDocumentType<IdempotencyRecord>();
    }
}
