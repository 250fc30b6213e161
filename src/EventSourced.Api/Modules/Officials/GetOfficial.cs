using EventSourced.Api.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourced.Api.Modules.Officials;

/// <summary>An official as of a date: the rank and position held then.</summary>
/// <param name="Official">The official with the whole history.</param>
/// <param name="At">The date.</param>
/// <param name="Rank">Rank held on the date.</param>
/// <param name="Position">Position held on the date.</param>
public sealed record OfficialView(Official Official, DateOnly At, string? Rank, DatedPosition? Position);

public static class GetOfficialEndpoint
{
    /// <summary>An official, with the rank and position held on a date (default today).</summary>
    [Authorize(Policy = Access.ReadReference)]
    [WolverineGet("/api/v1/officials/{officialId}")]
    [Tags("Officials")]
    [ProducesResponseType<OfficialView>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(Guid officialId, string? at, IQuerySession session, TimeProvider time, HttpContext context, CancellationToken ct)
    {
        if (!Dates.TryParseQuery(at, time, out var date))
        {
            return Results.Problem(Problems.Field("at", Dates.QueryDateMessage));
        }
        var official = await session.LoadAsync<Official>(officialId, ct);
        if (official is null)
        {
            return Results.Problem(Problems.NotFound($"No official {officialId} is registered."));
        }
        // The stream's version, for If-Match on the next rank or position.
        context.Response.Headers.ETag = Preconditions.ETag(official.Version);
        return Results.Ok(new OfficialView(official, date, official.RankOn(date), official.PositionOn(date)));
    }
}
