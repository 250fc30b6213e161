using EventSourced.Api.Infrastructure;
using Marten;

namespace EventSourced.Api.Modules.Officials;

/// <summary>Commands on an existing official: under the stream lock, 404 when unknown, 412 on a stale If-Match.</summary>
public static class OfficialCommand
{
    public static async Task<IResult> Handle<TEvent>(
        IDocumentSession session, Guid officialId, string? ifMatch, Func<Official, IReadOnlyList<TEvent>> decide, CancellationToken ct)
        where TEvent : notnull
    {
        var stream = await session.Events.FetchForExclusiveWriting<Official>(officialId, ct);
        if (stream.Aggregate is not { } official)
        {
            return Results.Problem(Problems.NotFound($"No official {officialId} is registered."));
        }
        if (Preconditions.Check(ifMatch, officialId, stream.StartingVersion ?? 0) is { } precondition)
        {
            return Results.Problem(precondition);
        }
        var events = decide(official);
        stream.AppendMany(events.Cast<object>());
        return Results.Ok(new Recorded(officialId, (stream.StartingVersion ?? 0) + events.Count));
    }
}
