using EventSourced.Api.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourced.Api.Modules.Models;

public static class GetModelEndpoint
{
    /// <summary>A model with the running totals of its activity.</summary>
    /// <remarks>Read-your-write: the document is updated in the same transaction as the events. The JSON is streamed
    /// from PostgreSQL as stored, with an ETag.</remarks>
    [Authorize(Policy = Access.ReadRecords)]
    [WolverineGet("/api/v1/models/{modelId}")]
    [Tags("Models")]
    [ProducesResponseType<SecurityModel>(StatusCodes.Status200OK)]
    public static StoredDocument<SecurityModel> Get(Guid modelId, IQuerySession session) =>
        new(session.Query<SecurityModel>().Where(m => m.Id == modelId), $"No model {modelId} is recorded.");
}
