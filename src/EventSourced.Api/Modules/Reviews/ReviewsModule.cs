using JasperFx.Events.Projections;
using Marten;

namespace EventSourced.Api.Modules.Reviews;

public static class ReviewsModule
{
    public static void ConfigureReviews(StoreOptions opts)
    {
        opts.Events.MapEventType<ReviewConferenceRecorded>("review_conference_recorded");

        // Inline: the reconciliation of a conference can be asked for as soon as it is recorded.
        opts.Projections.Snapshot<ReviewConference>(SnapshotLifecycle.Inline);
    }
}
