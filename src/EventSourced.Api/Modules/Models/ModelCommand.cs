using EventSourced.Api.Infrastructure;
using EventSourced.Api.Modules.Units;
using Marten;
using JasperFx.Events;
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
        var (stream, refused) = await Open(session, modelId, ifMatch, ct);
        if (refused is not null)
        {
            return Results.Problem(refused);
        }
        var model = stream!.Aggregate!;
        if (check(command, model) is { } rejection)
        {
            return Results.Problem(rejection);
        }
        var (unit, split) = await UnitOn(session, model, businessDate(command), null, ct);
        if (split is not null)
        {
            return Results.Problem(split);
        }
        var events = decide(command, model, unit!);
        stream.AppendMany(events.Cast<object>());
        return answer(events, (stream.StartingVersion ?? 0) + events.Count);
    }

    /// <summary>
    /// The model's stream under its row lock: 400 for a malformed If-Match, 404 when there is no such model, 412 when
    /// If-Match names a version the model is no longer at.
    /// </summary>
    public static async Task<(IEventStream<SecurityModel>? Stream, ProblemDetails? Problem)> Open(
        IDocumentSession session, Guid modelId, string? ifMatch, CancellationToken ct)
    {
        if (Preconditions.Check(ifMatch, modelId, 0) is { Status: StatusCodes.Status400BadRequest } malformed)
        {
            return (null, malformed);
        }
        return await Preconditions.Existing<SecurityModel>(session, modelId, ifMatch, $"No model {modelId} is recorded.", ct);
    }

    /// <summary>The model's unit followed along its lineage to a business date; 422 when a reform split it before then.</summary>
    public static async Task<(UnitSnapshot? Unit, ProblemDetails? Problem)> UnitOn(
        IDocumentSession session, SecurityModel model, DateOnly date, string? field, CancellationToken ct)
    {
        var unit = await UnitDirectory.AlongLineage(session, model.Unit.UnitVersionId, date, ct);
        if (unit is null)
        {
            return (null, Problems.RuleViolated(
                $"The unit of model {model.Id} ({model.Unit.Name}, {model.Unit.Code}) was split by a reform before {date:yyyy-MM-dd}; "
                + "the ledger cannot tell which unit it was in then.", field));
        }
        // Most activity happens in the unit the model was registered in: its snapshot is already on the model.
        return (unit.Id == model.Unit.UnitVersionId ? model.Unit : await UnitDirectory.Snapshot(session, unit, ct), null);
    }
}
