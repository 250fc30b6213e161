using System.Text.Json.Serialization;
using EventSourced.Api.Infrastructure;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourced.Api.Modules.Clusters;

/// <summary>A province's police join an emulation cluster.</summary>
/// <param name="ProvinceCode">The member's province (2 digits).</param>
/// <param name="MemberName">The member, e.g. Công an thành phố Hà Nội.</param>
/// <param name="JoinedOn">First day of membership.</param>
public sealed record AddClusterMember([property: JsonRequired] string ProvinceCode, [property: JsonRequired] string MemberName, [property: JsonRequired] DateOnly JoinedOn)
{
    /// <summary>Hà Nội's police.</summary>
    public static AddClusterMember Example => new("01", "Công an thành phố Hà Nội", new DateOnly(2013, 1, 1));
}

public sealed class AddClusterMemberValidator : AbstractValidator<AddClusterMember>
{
    public AddClusterMemberValidator(TimeProvider time)
    {
        RuleFor(c => c.ProvinceCode).ProvinceCode();
        RuleFor(c => c.MemberName).RequiredText();
        RuleFor(c => c.JoinedOn).PastDate(time);
    }
}

public static class AddClusterMemberEndpoint
{
    public static ProblemDetails? Check(AddClusterMember command, EmulationCluster cluster)
    {
        if (command.JoinedOn < cluster.FormedOn)
        {
            return Problems.RuleViolated($"{cluster.Name} was formed on {cluster.FormedOn:yyyy-MM-dd}.", "joinedOn");
        }
        var last = cluster.Memberships.LastOrDefault(m => m.ProvinceCode == command.ProvinceCode);
        if (last is { LeftOn: { } left } && command.JoinedOn < left)
        {
            return Problems.RuleViolated($"{last.MemberName} was a member until {left:yyyy-MM-dd}; it can join again from then on.", "joinedOn");
        }
        return last is { LeftOn: null } && last.JoinedOn != command.JoinedOn
            ? Problems.Conflict($"{last.MemberName} has been a member since {last.JoinedOn:yyyy-MM-dd}.")
            : null;
    }

    /// <summary>Add a member to a cluster (idempotent).</summary>
    [Authorize(Policy = Access.Administer)]
    [WolverinePost("/api/v1/clusters/{code}/members")]
    [Tags("Clusters")]
    [ProducesResponseType<Recorded>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed, "application/problem+json")]
    public static async Task<IResult> Post(string code, AddClusterMember command, IDocumentSession session, [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct)
    {
        var (stream, refused) = await Preconditions.Existing<EmulationCluster>(session, ClusterIds.For(code), ifMatch, $"No cluster {code}.", ct);
        if (refused is not null)
        {
            return Results.Problem(refused);
        }
        var cluster = stream!.Aggregate!;
        if (Check(command, cluster) is { } rejection)
        {
            return Results.Problem(rejection);
        }
        var isMember = cluster.Memberships.Any(m => m.ProvinceCode == command.ProvinceCode && m.LeftOn is null);
        if (!isMember)
        {
            stream.AppendOne(new ClusterMemberJoined(cluster.Id, command.ProvinceCode, command.MemberName.Trim(), command.JoinedOn));
        }
        return Results.Ok(new Recorded(cluster.Id, (stream.StartingVersion ?? 0) + (isMember ? 0 : 1)));
    }
}
