using System.Security.Claims;
using EventSourced.Api.Infrastructure;
using EventSourced.Api.Ledger;
using EventSourced.Api.Modules.Statistics;
using EventSourced.Api.Modules.Statistics.Measures;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourced.Api.Modules.Clusters;

/// <summary>A cluster and its members on a date.</summary>
/// <param name="Cluster">The cluster with every membership.</param>
/// <param name="AsOf">The date.</param>
/// <param name="Members">Members on that date.</param>
public sealed record ClusterView(EmulationCluster Cluster, DateOnly AsOf, IReadOnlyList<ClusterMembership> Members);

/// <summary>One member's figures for the period.</summary>
/// <param name="ProvinceCode">The member's province.</param>
/// <param name="MemberName">The member.</param>
/// <param name="ModelsLaunched">Models launched in the period.</param>
/// <param name="ModelsEffective">Models effective on the period's last day.</param>
/// <param name="Activity">Activity in the period.</param>
public sealed record MemberFigures(string ProvinceCode, string MemberName, Figure ModelsLaunched, Figure ModelsEffective, ActivityFigures Activity);

/// <summary>The members of a cluster compared over a period (e.g. a half-year review).</summary>
public sealed record ClusterComparison(string Code, string Name, DateOnly From, DateOnly To, DateOnly? KnownAt, IReadOnlyList<MemberFigures> Members, IReadOnlyList<Freshness> Freshness);

public static class GetClusterEndpoint
{
    /// <summary>A cluster and its members on a date (default today).</summary>
    [Authorize(Policy = Access.ReadReference)]
    [WolverineGet("/api/v1/clusters/{code}")]
    [Tags("Clusters")]
    [ProducesResponseType<ClusterView>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(string code, string? asOf, IQuerySession session, TimeProvider time, HttpContext context, CancellationToken ct)
    {
        if (!Dates.TryParseQuery(asOf, time, out var date))
        {
            return Results.Problem(Problems.Field("asOf", Dates.QueryDateMessage));
        }
        var cluster = await session.LoadAsync<EmulationCluster>(ClusterIds.For(code), ct);
        if (cluster is null)
        {
            return Results.Problem(Problems.NotFound($"No cluster {code}."));
        }
        // The stream's version, for If-Match on the next membership change.
        context.Response.Headers.ETag = Preconditions.ETag(cluster.Version);
        return Results.Ok(new ClusterView(cluster, date, cluster.MembersOn(date)));
    }
}

public static class GetClusterComparisonEndpoint
{
    /// <summary>A comparison spans provinces: it needs national jurisdiction.</summary>
    public static ProblemDetails Before(ClaimsPrincipal user) => Jurisdiction.IsNational(user)
        ? WolverineContinue.NoProblems
        : Problems.Forbidden("A cluster comparison spans provinces; it needs national jurisdiction (VN).");

    /// <summary>The members (as of the period's end) compared over the period: models launched and effective, activity.</summary>
    /// <param name="code">Cluster code.</param>
    /// <param name="from">First day of the period.</param>
    /// <param name="to">Last day of the period (default today).</param>
    /// <param name="knownAt">Only facts recorded by the end of this date count.</param>
    [Authorize(Policy = Access.ReadStatistics)]
    [WolverineGet("/api/v1/clusters/{code}/comparison")]
    [Tags("Clusters")]
    [ProducesResponseType<ClusterComparison>(StatusCodes.Status200OK, "application/json", FigureCsv.MediaType)]
    public static async Task<IResult> Get(string code, string? from, string? to, string? knownAt,
        IQuerySession session, TimeProvider time, HttpContext context, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var fromDate = default(DateOnly);
        if (from is null || !Dates.TryParseQuery(from, time, out fromDate)) errors["from"] = ["Required: a date, yyyy-MM-dd."];
        if (!Dates.TryParseQuery(to, time, out var toDate) || toDate < fromDate) errors["to"] = ["Must be a date, yyyy-MM-dd, not before 'from'."];
        var knownBefore = Dates.KnownBefore(knownAt, time, errors, out var knownAtDate);
        if (errors.Count > 0)
        {
            return Results.Problem(Problems.Validation(errors));
        }
        var cluster = await session.LoadAsync<EmulationCluster>(ClusterIds.For(code), ct);
        if (cluster is null)
        {
            return Results.Problem(Problems.NotFound($"No cluster {code}."));
        }
        var freshness = await Freshness.Of(session, [ReadModelNames.Models, ReadModelNames.Activity], ct);
        var members = new List<MemberFigures>();
        foreach (var member in cluster.MembersOn(toDate))
        {
            var models = (await ModelMeasures.Count(session, member.ProvinceCode, [new ModelWindow(fromDate, toDate)], knownAtDate, ct))[0];
            var activity = await ActivitySums.Of(session, member.ProvinceCode, [new ActivityWindow(fromDate, toDate, toDate)], knownBefore, ct);
            members.Add(new MemberFigures(member.ProvinceCode, member.MemberName, Figure.Of(models.Launched), Figure.Of(models.Effective), activity[0]));
        }
        return FigureCsv.OrJson(context, new ClusterComparison(cluster.Code, cluster.Name, fromDate, toDate, knownAtDate, members, freshness));
    }
}
