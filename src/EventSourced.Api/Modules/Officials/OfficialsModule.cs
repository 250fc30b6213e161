using JasperFx.Events.Projections;
using Marten;

namespace EventSourced.Api.Modules.Officials;

public static class OfficialsModule
{
    public static void ConfigureOfficials(StoreOptions opts)
    {
        opts.Events.MapEventType<OfficialRegistered>("official_registered");
        opts.Events.MapEventType<OfficialRankRecorded>("official_rank_recorded");
        opts.Events.MapEventType<OfficialPositionRecorded>("official_position_recorded");

        // Inline: a commendation's presenter is resolved to the rank and position held on its decision date.
        opts.Projections.Snapshot<Official>(SnapshotLifecycle.Inline);
    }
}
