using JasperFx.Events.Projections;
using Marten;

namespace EventSourced.Api.Modules.Clusters;

public static class ClustersModule
{
    public static void ConfigureClusters(StoreOptions opts)
    {
        opts.Events.MapEventType<EmulationClusterFormed>("emulation_cluster_formed");
        opts.Events.MapEventType<ClusterMemberJoined>("cluster_member_joined");
        opts.Events.MapEventType<ClusterMemberLeft>("cluster_member_left");

        // Inline: membership is reference data that commands check and readers expect current at once.
        opts.Projections.Snapshot<EmulationCluster>(SnapshotLifecycle.Inline);
    }
}
