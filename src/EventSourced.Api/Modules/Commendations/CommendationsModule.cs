using JasperFx.Events.Projections;
using Marten;

namespace EventSourced.Api.Modules.Commendations;

public static class CommendationsModule
{
    public static void ConfigureCommendations(StoreOptions opts)
    {
        opts.Events.MapEventType<CommendationGranted>("commendation_granted");
        opts.Events.MapEventType<CommendationAuthorityRecorded>("commendation_authority_recorded");

        // Inline: every grant checks the authorities in force on its decision date.
        opts.Projections.Snapshot<CommendationAuthorities>(SnapshotLifecycle.Inline);

        // Inline: the Location of a 201 answers at once.
        opts.Projections.Snapshot<Commendation>(SnapshotLifecycle.Inline);
    }
}
