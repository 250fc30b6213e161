using Marten;
using EventSourced.Api.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourced.Api.Modules.Commendations;

public static class GetCommendationEndpoint
{
    /// <summary>A commendation as granted.</summary>
    [WolverineGet("/api/v1/commendations/{commendationId}")]
    [Tags("Commendations")]
    [ProducesResponseType<Commendation>(StatusCodes.Status200OK)]
    public static StoredDocument<Commendation> Get(Guid commendationId, IQuerySession session) =>
        new(session.Query<Commendation>().Where(c => c.Id == commendationId), $"No commendation {commendationId} is recorded.");
}
