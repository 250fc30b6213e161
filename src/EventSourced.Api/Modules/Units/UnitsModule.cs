using JasperFx.Events.Projections;
using Marten;

namespace EventSourced.Api.Modules.Units;

public static class UnitsModule
{
    public static void ConfigureUnits(StoreOptions opts)
    {
        opts.Events.MapEventType<UnitVersionRegistered>("unit_version_registered");
        opts.Events.MapEventType<UnitVersionRetired>("unit_version_retired");
        opts.Events.MapEventType<ReformRecorded>("reform_recorded");

        // Inline: every activity command resolves its unit in the same request, so the versions must be current.
        opts.Projections.Snapshot<AdministrativeUnit>(SnapshotLifecycle.Inline);
        opts.Schema.For<AdministrativeUnit>().Duplicate(u => u.Code).Duplicate(u => u.ParentId);
    }
}
