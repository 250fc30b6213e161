using EventSourced.Api.Infrastructure;
using EventSourced.Api.Ledger;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourced.Api.Modules.Units;

/// <summary>A unit version with its place in the hierarchy in force at the same date.</summary>
/// <param name="Unit">The version that bore the code on the date.</param>
/// <param name="Hierarchy">Its district (before 2025-07-01) and province, as they stood then.</param>
public sealed record UnitView(AdministrativeUnit Unit, UnitSnapshot Hierarchy);

public static class GetUnitEndpoint
{
    /// <summary>Resolve an official code at a date: which unit bore it then.</summary>
    /// <param name="code">Official code (2, 3 or 5 digits).</param>
    /// <param name="at">The date (default: today in Vietnam). Codes are reused after reforms, so a code alone is ambiguous.</param>
    [Authorize(Policy = Access.ReadReference)]
    [WolverineGet("/api/v1/units/{code}")]
    [Tags("Units")]
    [ProducesResponseType<UnitView>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(string code, string? at, IQuerySession session, TimeProvider time, CancellationToken ct)
    {
        if (!AdministrativeCodes.IsAnyUnit(code))
        {
            return Results.Problem(Problems.Field("code", "Must be a 2-, 3- or 5-digit unit code."));
        }
        if (!Dates.TryParseQuery(at, time, out var date))
        {
            return Results.Problem(Problems.Field("at", Dates.QueryDateMessage));
        }
        var unit = await UnitDirectory.InForce(session, code, date, ct);
        return unit is null
            ? Results.Problem(Problems.NotFound($"No unit had code {code} on {date:yyyy-MM-dd}."))
            : Results.Ok(new UnitView(unit, await UnitDirectory.Snapshot(session, unit, ct)));
    }
}

/// <summary>A unit version and every version before and after it, linked by reforms.</summary>
/// <param name="Unit">The version that bore the code on the date.</param>
/// <param name="Predecessors">Earlier versions, nearest first, each with how its territory passed on.</param>
/// <param name="Successors">Later versions, nearest first.</param>
public sealed record UnitLineage(AdministrativeUnit Unit, IReadOnlyList<LineageStep> Predecessors, IReadOnlyList<LineageStep> Successors);

/// <summary>One version in a lineage.</summary>
/// <param name="Unit">The version.</param>
/// <param name="Via">The transfer that links it towards the unit asked about (WHOLE or PART).</param>
/// <param name="Distance">Reforms away from the unit asked about.</param>
public sealed record LineageStep(AdministrativeUnit Unit, TransferKind Via, int Distance);

public static class GetUnitLineageEndpoint
{
    /// <summary>Lineage of a unit across reforms: what it was made of and what it became.</summary>
    /// <param name="code">Official code.</param>
    /// <param name="at">The date that picks the version (default: today).</param>
    [Authorize(Policy = Access.ReadReference)]
    [WolverineGet("/api/v1/units/{code}/lineage")]
    [Tags("Units")]
    [ProducesResponseType<UnitLineage>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(string code, string? at, IQuerySession session, TimeProvider time, CancellationToken ct)
    {
        if (!AdministrativeCodes.IsAnyUnit(code))
        {
            return Results.Problem(Problems.Field("code", "Must be a 2-, 3- or 5-digit unit code."));
        }
        if (!Dates.TryParseQuery(at, time, out var date))
        {
            return Results.Problem(Problems.Field("at", Dates.QueryDateMessage));
        }
        var unit = await UnitDirectory.InForce(session, code, date, ct);
        if (unit is null)
        {
            return Results.Problem(Problems.NotFound($"No unit had code {code} on {date:yyyy-MM-dd}."));
        }
        return Results.Ok(new UnitLineage(
            unit,
            await Walk(session, unit, u => u.Predecessors, ct),
            await Walk(session, unit, u => u.Successors, ct)));
    }

    private static async Task<IReadOnlyList<LineageStep>> Walk(
        IQuerySession session, AdministrativeUnit start, Func<AdministrativeUnit, IReadOnlyList<UnitLink>> links, CancellationToken ct)
    {
        var steps = new List<LineageStep>();
        var seen = new HashSet<Guid> { start.Id };
        var frontier = new List<AdministrativeUnit> { start };
        for (var distance = 1; frontier.Count > 0 && distance <= 16; distance++)
        {
            var next = new List<AdministrativeUnit>();
            foreach (var link in frontier.SelectMany(links).Where(l => seen.Add(l.UnitVersionId)))
            {
                if (await session.LoadAsync<AdministrativeUnit>(link.UnitVersionId, ct) is { } unit)
                {
                    steps.Add(new LineageStep(unit, link.Kind, distance));
                    next.Add(unit);
                }
            }
            frontier = next;
        }
        return steps;
    }
}
