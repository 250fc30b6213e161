using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using EventSourced.Api.Infrastructure;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourced.Api.Modules.Clusters;

/// <summary>Form an emulation cluster.</summary>
/// <param name="Code">Stable code, lowercase with hyphens, e.g. bca-cum-1.</param>
/// <param name="Name">Name, e.g. Cụm thi đua số 1, Bộ Công an.</param>
/// <param name="Movement">The emulation movement it belongs to.</param>
/// <param name="FormedOn">Date formed.</param>
public sealed record FormEmulationCluster(
    [property: JsonRequired] string Code, [property: JsonRequired] string Name, [property: JsonRequired] string Movement, [property: JsonRequired] DateOnly FormedOn)
{
    /// <summary>Emulation cluster No. 1 of the Ministry of Public Security.</summary>
    public static FormEmulationCluster Example => new("bca-cum-1", "Cụm thi đua số 1, Bộ Công an", "Vì an ninh Tổ quốc", new DateOnly(2013, 1, 1));
}

public sealed partial class FormEmulationClusterValidator : AbstractValidator<FormEmulationCluster>
{
    public FormEmulationClusterValidator(TimeProvider time)
    {
        RuleFor(c => c.Code).NotEmpty().Must(code => ClusterCode().IsMatch(code)).WithMessage("'{PropertyName}' must be lowercase letters, digits and hyphens.");
        RuleFor(c => c.Name).RequiredText();
        RuleFor(c => c.Movement).RequiredText();
        RuleFor(c => c.FormedOn).PastDate(time);
    }

    [GeneratedRegex(@"^[a-z0-9][a-z0-9\-]{1,63}\z")]
    private static partial Regex ClusterCode();
}

public static class FormEmulationClusterEndpoint
{
    /// <summary>Form an emulation cluster (idempotent: the same code again answers 200; 409 with other details).</summary>
    [Authorize(Policy = Access.Administer)]
    [WolverinePost("/api/v1/clusters")]
    [Tags("Clusters")]
    [ProducesResponseType<Recorded>(StatusCodes.Status201Created)]
    [ProducesResponseType<Recorded>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    public static async Task<IResult> Post(FormEmulationCluster command, IDocumentSession session, CancellationToken ct)
    {
        var id = ClusterIds.For(command.Code);
        if (await session.LoadAsync<EmulationCluster>(id, ct) is { } existing)
        {
            return existing.Name == command.Name.Trim() && existing.FormedOn == command.FormedOn && existing.Movement == command.Movement.Trim()
                ? Results.Ok(new Recorded(id, existing.Version))
                : Results.Problem(Problems.Conflict($"Cluster {command.Code} was formed as {existing.Name} on {existing.FormedOn:yyyy-MM-dd}."));
        }
        session.Events.StartStream<EmulationCluster>(id, new EmulationClusterFormed(id, command.Code, command.Name.Trim(), command.Movement.Trim(), command.FormedOn));
        return Results.Created($"/api/v1/clusters/{command.Code}", new Recorded(id, 1));
    }
}
