using EventSourced.Api.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Mvc;

namespace EventSourced.Api.Modules.Models;

/// <summary>
/// How every command on an existing model is written: the stream is fetched under its row lock (writers to one
/// model queue, none is lost, no retry is needed), the state rules are checked, and what the decision yields is
/// appended in the request's transaction. 404 when the model does not exist.
/// </summary>
public static class ModelCommand
{
    public static async Task<IResult> Handle<TCommand, TEvent>(
        IDocumentSession session,
        Guid modelId,
        TCommand command,
        Func<TCommand, SecurityModel, ProblemDetails?> check,
        Func<TCommand, SecurityModel, IReadOnlyList<TEvent>> decide,
        Func<IReadOnlyList<TEvent>, long, IResult> answer,
        CancellationToken ct)
        where TEvent : notnull
    {
        var stream = await session.Events.FetchForExclusiveWriting<SecurityModel>(modelId, ct);
        if (stream.Aggregate is not { } model)
        {
            return Results.Problem(Problems.NotFound($"No model {modelId} is recorded."));
        }
        if (check(command, model) is { } rejection)
        {
            return Results.Problem(rejection);
        }
        var events = decide(command, model);
        stream.AppendMany(events.Cast<object>());
        return answer(events, (stream.StartingVersion ?? 0) + events.Count);
    }
}
