using EventSourced.Api.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourced.Api.Modules.Models;

public static class GetModelEndpoint
{
    /// <summary>A model with the running totals of its activity; or, asked, as it stood on a date, as known on a date, or at a version.</summary>
    /// <param name="modelId">The model.</param>
    /// <param name="asOf">Replay to this business date: each event counts from its own date (a correction from its correctedOn).</param>
    /// <param name="knownAt">Replay only what the ledger knew by the end of this date (rule 9).</param>
    /// <param name="version">Replay the stream's first N events.</param>
    /// <remarks>Without parameters, read-your-write: the document updated in the same transaction as the events,
    /// streamed from PostgreSQL as stored, with an ETag. With any of them the stream is replayed; the answer's
    /// 'version' is the last event replayed.</remarks>
    [Authorize(Policy = Access.ReadRecords)]
    [WolverineGet("/api/v1/models/{modelId}")]
    [Tags("Models")]
    [ProducesResponseType<SecurityModel>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(Guid modelId, string? asOf, string? knownAt, long? version, IQuerySession session, TimeProvider time, CancellationToken ct)
    {
        var notFound = $"No model {modelId} is recorded.";
        if (asOf is null && knownAt is null && version is null)
        {
            return new StoredDocument<SecurityModel>(session.Query<SecurityModel>().Where(m => m.Id == modelId), notFound);
        }
        var errors = new Dictionary<string, string[]>();
        DateOnly? asOfDate = null;
        if (asOf is not null)
        {
            if (Dates.TryParseQuery(asOf, time, out var parsed)) asOfDate = parsed; else errors["asOf"] = [Dates.QueryDateMessage];
        }
        var knownBefore = Dates.KnownBefore(knownAt, time, errors, out _);
        if (version is < 1) errors["version"] = ["Must be 1 or more."];
        if (errors.Count > 0)
        {
            return Results.Problem(Problems.Validation(errors));
        }
        var events = await session.Events.FetchStreamAsync(modelId, version ?? 0, token: ct);
        var known = events.Where(e => knownBefore is null || Reporting.KnownSince(e) < knownBefore);
        return SecurityModel.Replay(known, asOfDate) is { } model
            ? Results.Ok(model)
            : Results.Problem(Problems.NotFound(events.Count == 0 ? notFound : $"Model {modelId} was not yet recorded then."));
    }
}
