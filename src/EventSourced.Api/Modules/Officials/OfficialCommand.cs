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
        var (stream, refused) = await Preconditions.Existing<Official>(session, officialId, ifMatch, $"No official {officialId} is registered.", ct);
        if (refused is not null)
        {
            return Results.Problem(refused);
        }
        var events = decide(stream!.Aggregate!);
        stream.AppendMany(events.Cast<object>());
        return Results.Ok(new Recorded(officialId, (stream.StartingVersion ?? 0) + events.Count));
    }
}
