using EventSourced.Api.Infrastructure;
using EventSourced.Api.Modules.Audit;
using EventSourced.Api.Modules.Catalogues;
using EventSourced.Api.Modules.Clusters;
using EventSourced.Api.Modules.Commendations;
using EventSourced.Api.Modules.Models;
using EventSourced.Api.Modules.Officials;
using EventSourced.Api.Modules.Programs;
using EventSourced.Api.Modules.Reviews;
using EventSourced.Api.Modules.Seeds;
using EventSourced.Api.Modules.Statistics;
using EventSourced.Api.Modules.Units;
using Marten;

namespace EventSourced.Api;

/// <summary>
/// The ledger's store: the store-wide settings (<see cref="StoreSettings"/>), then every module's events, projections
/// and documents. The one list of modules, beside Program.cs, so that Infrastructure names none of them.
/// </summary>
public static class EventStore
{
    /// <summary>Configuration key of the PostgreSQL schema (<see cref="StoreSettings.SchemaKey"/>); tests give each test class its own.</summary>
    public const string SchemaKey = StoreSettings.SchemaKey;

    /// <summary>The schema when none is configured (<see cref="StoreSettings.DefaultSchema"/>).</summary>
    public const string DefaultSchema = StoreSettings.DefaultSchema;

    /// <param name="opts">The store being configured.</param>
    /// <param name="configuration">Connection strings and the schema (<see cref="SchemaKey"/>).</param>
    /// <param name="environment">Whether the schema is migrated on start (<see cref="DatabaseRoles.MigratesOnStart"/>).</param>
    /// <param name="maintenance">db-apply and the other commands, which connect as the migration role (DatabaseRoles).</param>
    public static void Configure(StoreOptions opts, IConfiguration configuration, IHostEnvironment environment, bool maintenance = false)
    {
        StoreSettings.Apply(opts, configuration, environment, maintenance);

        UnitsModule.ConfigureUnits(opts);
        ModelsModule.ConfigureModels(opts);
        CataloguesModule.ConfigureCatalogues(opts);
        ReviewsModule.ConfigureReviews(opts);
        ClustersModule.ConfigureClusters(opts);
        OfficialsModule.ConfigureOfficials(opts);
        SeedsModule.ConfigureSeeds(opts);
        ProgramsModule.ConfigurePrograms(opts);
        CommendationsModule.ConfigureCommendations(opts);
        StatisticsModule.ConfigureStatistics(opts);
        // Last: the chain's trigger sits on mt_events, which the modules above bring into being.
        AuditModule.ConfigureAudit(opts);
    }
}
