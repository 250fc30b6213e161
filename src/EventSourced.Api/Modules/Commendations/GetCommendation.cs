using System.Security.Claims;
using EventSourced.Api.Infrastructure;
using EventSourced.Api.Ledger;
using EventSourced.Api.Modules.Units;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourced.Api.Modules.Commendations;

public static class GetCommendationEndpoint
{
    /// <summary>Jurisdiction: the recipient's unit. An unknown id passes on to the 404.</summary>
    public static async Task<ProblemDetails> Before(Guid commendationId, ClaimsPrincipal user, IQuerySession session, TimeProvider time, CancellationToken ct)
    {
        if (Jurisdiction.IsNational(user) || await session.LoadAsync<Commendation>(commendationId, ct) is not { } commendation)
        {
            return WolverineContinue.NoProblems;
        }
        return await JurisdictionReach.Covers(user, session, commendation.Unit, VietnamTime.Today(time), ct)
            ? WolverineContinue.NoProblems
            : Jurisdiction.Denied($"Commendation {commendationId}");
    }

    /// <summary>A commendation as granted.</summary>
    [Authorize(Policy = Access.ReadRecords)]
    [WolverineGet("/api/v1/commendations/{commendationId}")]
    [Tags("Commendations")]
    [ProducesResponseType<Commendation>(StatusCodes.Status200OK)]
    public static StoredDocument<Commendation> Get(Guid commendationId, IQuerySession session) =>
        new(session.Query<Commendation>().Where(c => c.Id == commendationId), $"No commendation {commendationId} is recorded.");
}
