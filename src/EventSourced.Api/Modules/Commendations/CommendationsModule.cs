using JasperFx.Events.Projections;
using Marten;

namespace EventSourced.Api.Modules.Commendations;

public static class CommendationsModule
{
    public static void ConfigureCommendations(StoreOptions opts)
    {
        opts.Events.MapEventType<CommendationGranted>("commendation_granted");

        // Inline: the Location of a 201 answers at once.
        opts.Projections.Snapshot<Commendation>(SnapshotLifecycle.Inline);
    }
}
