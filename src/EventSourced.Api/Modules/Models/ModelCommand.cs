using EventSourced.Api.Infrastructure;
using EventSourced.Api.Modules.Units;
using Marten;
using Microsoft.AspNetCore.Mvc;

namespace EventSourced.Api.Modules.Models;

/// <summary>
/// How every command on an existing model is written: the stream is fetched under its row lock (writers to one
/// model queue, none is lost, no retry is needed), the state rules are checked, the model's unit is followed along its
/// lineage to the version in force on the command's business date, and what the decision yields is appended in the
/// request's transaction. 404 when the model does not exist; 422 when its unit was split and the date lies beyond;
/// 412 when the client sent If-Match with a version that is no longer the model's (someone else wrote first).
/// </summary>
public static class ModelCommand
{
    public static async Task<IResult> Handle<TCommand, TEvent>(
        IDocumentSession session,
        Guid modelId,
        string? ifMatch,
        TCommand command,
        Func<TCommand, DateOnly> businessDate,
        Func<TCommand, SecurityModel, ProblemDetails?> check,
        Func<TCommand, SecurityModel, UnitSnapshot, IReadOnlyList<TEvent>> decide,
        Func<IReadOnlyList<TEvent>, long, IResult> answer,
        CancellationToken ct)
        where TEvent : notnull
    {
        if (!Preconditions.TryParseIfMatch(ifMatch, out var expected))
        {
            return Results.Problem(Problems.Field("If-Match", "Must be the ETag of the model, e.g. \"3\"."));
        }
        var stream = await session.Events.FetchForExclusiveWriting<SecurityModel>(modelId, ct);
        if (stream.Aggregate is not { } model)
        {
            return Results.Problem(Problems.NotFound($"No model {modelId} is recorded."));
        }
        if (expected is { } version && version != (stream.StartingVersion ?? 0))
        {
            return Results.Problem(Preconditions.Failed(modelId, version, stream.StartingVersion ?? 0));
        }
        if (check(command, model) is { } rejection)
        {
            return Results.Problem(rejection);
        }
        var date = businessDate(command);
        var unit = await UnitDirectory.AlongLineage(session, model.Unit.UnitVersionId, date, ct);
        if (unit is null)
        {
            return Results.Problem(Problems.RuleViolated(
                $"The unit of model {modelId} ({model.Unit.Name}, {model.Unit.Code}) was split by a reform before {date:yyyy-MM-dd}; "
                + "the ledger cannot tell which unit it was in then."));
        }
        var events = decide(command, model, await UnitDirectory.Snapshot(session, unit, ct));
        stream.AppendMany(events.Cast<object>());
        return answer(events, (stream.StartingVersion ?? 0) + events.Count);
    }
}
