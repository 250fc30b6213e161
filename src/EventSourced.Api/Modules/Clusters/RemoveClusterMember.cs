using System.Text.Json.Serialization;
using EventSourced.Api.Infrastructure;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourced.Api.Modules.Clusters;

/// <summary>A member leaves an emulation cluster.</summary>
/// <param name="LeftOn">First day it is no longer a member.</param>
public sealed record RemoveClusterMember([property: JsonRequired] DateOnly LeftOn)
{
    /// <summary>Leaving at the end of 2025.</summary>
    public static RemoveClusterMember Example => new(new DateOnly(2026, 1, 1));
}

public sealed class RemoveClusterMemberValidator : AbstractValidator<RemoveClusterMember>
{
    public RemoveClusterMemberValidator(TimeProvider time) => RuleFor(c => c.LeftOn).PastDate(time);
}

public static class RemoveClusterMemberEndpoint
{
    public static ProblemDetails? Check(string provinceCode, RemoveClusterMember command, EmulationCluster cluster)
    {
        var membership = cluster.Memberships.LastOrDefault(m => m.ProvinceCode == provinceCode);
        if (membership is null)
        {
            return Problems.NotFound($"Province {provinceCode} was never a member of {cluster.Name}.");
        }
        if (command.LeftOn <= membership.JoinedOn)
        {
            return Problems.RuleViolated($"{membership.MemberName} joined on {membership.JoinedOn:yyyy-MM-dd}; it cannot leave before.", "leftOn");
        }
        return membership.LeftOn is { } left && left != command.LeftOn
            ? Problems.Conflict($"{membership.MemberName} already left on {left:yyyy-MM-dd}.")
            : null;
    }

    /// <summary>Record that a member left the cluster (idempotent).</summary>
    [Authorize(Policy = Access.Administer)]
    [WolverinePost("/api/v1/clusters/{code}/members/{provinceCode}/departure")]
    [Tags("Clusters")]
    [ProducesResponseType<Recorded>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed, "application/problem+json")]
    public static async Task<IResult> Post(string code, string provinceCode, RemoveClusterMember command, IDocumentSession session, [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct)
    {
        var (stream, refused) = await Preconditions.Existing<EmulationCluster>(session, ClusterIds.For(code), ifMatch, $"No cluster {code}.", ct);
        if (refused is not null)
        {
            return Results.Problem(refused);
        }
        var cluster = stream!.Aggregate!;
        if (Check(provinceCode, command, cluster) is { } rejection)
        {
            return Results.Problem(rejection);
        }
        var leaves = cluster.Memberships.Last(m => m.ProvinceCode == provinceCode).LeftOn is null;
        if (leaves)
        {
            stream.AppendOne(new ClusterMemberLeft(cluster.Id, provinceCode, command.LeftOn));
        }
        return Results.Ok(new Recorded(cluster.Id, (stream.StartingVersion ?? 0) + (leaves ? 1 : 0)));
    }
}
