using EventSourced.Api.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourced.Api.Modules.Models;

/// <summary>A patrol shift as recorded, with when the ledger learned it.</summary>
/// <param name="Patrol">The shift.</param>
/// <param name="Version">Version of the model stream at which it was recorded.</param>
/// <param name="RecordedAt">When the ledger recorded it (as opposed to when the shift happened).</param>
public sealed record PatrolView(PatrolRecorded Patrol, long Version, DateTimeOffset RecordedAt);

public static class GetPatrolEndpoint
{
    /// <summary>One recorded patrol shift of a model.</summary>
    [Authorize(Policy = Access.ReadRecords)]
    [WolverineGet("/api/v1/models/{modelId}/patrols/{patrolId}")]
    [Tags("Models")]
    [ProducesResponseType<PatrolView>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(Guid modelId, Guid patrolId, IQuerySession session, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(modelId, token: ct);
        var recorded = events.FirstOrDefault(e => e.Data is PatrolRecorded p && p.PatrolId == patrolId);
        return recorded is null
            ? Results.Problem(Problems.NotFound($"No patrol {patrolId} is recorded for model {modelId}."))
            : Results.Ok(new PatrolView((PatrolRecorded)recorded.Data, recorded.Version, recorded.Timestamp));
    }
}
