using EventSourced.Api.Infrastructure;
using EventSourced.Api.Ledger;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourced.Api.Modules.Models;

/// <summary>Which past state of a model to replay, if any.</summary>
/// <param name="AsOf">Replay to this business date: each event counts from its own date (a correction from its correctedOn).</param>
/// <param name="KnownAt">Replay only what the ledger knew by the end of this date (rule 9).</param>
/// <param name="Version">Replay the stream's first N events.</param>
public sealed record ModelReplayQuery(
    [FromQuery(Name = "asOf")] string? AsOf,
    [FromQuery(Name = "knownAt")] string? KnownAt,
    [FromQuery(Name = "version")] long? Version)
{
    public sealed class Validator : AbstractValidator<ModelReplayQuery>
    {
        public Validator(TimeProvider time)
        {
            RuleFor(q => q.AsOf).QueryDate(time);
            RuleFor(q => q.KnownAt).QueryDate(time);
            RuleFor(q => q.Version).Must(version => version is not < 1).WithMessage("Must be 1 or more.");
        }
    }
}

public static class GetModelEndpoint
{
    /// <summary>A model with the running totals of its activity; or, asked, as it stood on a date, as known on a date, or at a version.</summary>
    /// <param name="modelId">The model.</param>
    /// <remarks>Without parameters, read-your-write: the document updated in the same transaction as the events,
    /// streamed from PostgreSQL as stored, with an ETag. With any of them the stream is replayed; the answer's
    /// 'version' is the last event replayed.</remarks>
    [Authorize(Policy = Access.ReadRecords)]
    [WolverineGet("/api/v1/models/{modelId}")]
    [Tags("Models")]
    [ProducesResponseType<SecurityModel>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(Guid modelId, [AsParameters] ModelReplayQuery replay, IQuerySession session, TimeProvider time, CancellationToken ct)
    {
        var notFound = $"No model {modelId} is recorded.";
        if (replay is { AsOf: null, KnownAt: null, Version: null })
        {
            return new StoredDocument<SecurityModel>(session.Query<SecurityModel>().Where(m => m.Id == modelId), notFound);
        }
        var (asOfDate, knownBefore) = (Dates.Query(replay.AsOf, time), Dates.KnownBefore(replay.KnownAt, time));
        var events = await session.Events.FetchStreamAsync(modelId, replay.Version ?? 0, token: ct);
        var known = events.Where(e => knownBefore is null || Reporting.KnownSince(e) < knownBefore);
        return SecurityModel.Replay(known, asOfDate) is { } model
            ? Results.Ok(model)
            : Results.Problem(Problems.NotFound(events.Count == 0 ? notFound : $"Model {modelId} was not yet recorded then."));
    }
}
