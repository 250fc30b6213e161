using EventSourced.Api.Modules.Commendations;
using EventSourced.Api.Modules.Models;
using EventSourced.Api.Modules.Statistics.Measures;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using Marten.Events.Projections;

namespace EventSourced.Api.Modules.Statistics;

/// <summary>
/// Keeps the activity rows (<see cref="ActivityRows"/>) as the daemon hands it batches: one set-based statement over the
/// batch's sequence range, read from mt_events by PostgreSQL, rather than a document per event. The statement is the
/// one <c>rebuild-statistics</c> runs over large ranges, so the live rows and rebuilt rows cannot differ.
/// </summary>
public sealed class ActivityFiguresProjection : ProjectionBase, IProjection
{
    private readonly string _schema;

    public ActivityFiguresProjection(string schema)
    {
        _schema = schema;
        // Stable name: progress and rebuilds are tracked by it (ReadModelNames).
        Name = ReadModelNames.Activity;
        // The daemon fetches only these; the statement filters on the same stored names (ActivityRows.EventTypes).
        IncludeType<PatrolRecorded>();
        IncludeType<InspectionsRecorded>();
        IncludeType<SanctionsRecorded>();
        IncludeType<CaseDetected>();
        IncludeType<CaseProsecuted>();
        IncludeType<EquipmentInstalled>();
        IncludeType<EquipmentDecommissioned>();
        IncludeType<RecordCorrected>();
        IncludeType<RecordRetracted>();
        IncludeType<CommendationGranted>();
        foreach (var table in ActivityRows.TableNames)
        {
            Options.DeleteDataInTableOnTeardown($"{schema}.{table}");
        }
    }

    public Task ApplyAsync(IDocumentOperations operations, IReadOnlyList<IEvent> events, CancellationToken cancellation)
    {
        if (events.Count > 0)
        {
            // The batch's events are the matching ones of a gap-free range below the high-water mark: the statement
            // over [first, last] with the same type filter sees exactly them.
            operations.QueueSqlCommand(ActivityRows.Apply(_schema, "?", "?"), events.Min(e => e.Sequence), events.Max(e => e.Sequence));
        }
        return Task.CompletedTask;
    }
}
