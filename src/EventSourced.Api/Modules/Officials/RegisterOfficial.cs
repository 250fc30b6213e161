using System.Text.Json.Serialization;
using EventSourced.Api.Infrastructure;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourced.Api.Modules.Officials;

/// <summary>Register an official who acts in a role the ledger records (a presenter of commendations, a reviewer).</summary>
/// <param name="Name">Full name with diacritics.</param>
public sealed record RegisterOfficial([property: JsonRequired] string Name)
{
    /// <summary>The director of the city police named in the reviews.</summary>
    public static RegisterOfficial Example => new("Lê Hồng Nam");
}

public sealed class RegisterOfficialValidator : AbstractValidator<RegisterOfficial>
{
    public RegisterOfficialValidator() => RuleFor(c => c.Name).RequiredText();
}

public static class RegisterOfficialEndpoint
{
    /// <summary>Register an official.</summary>
    [Authorize(Policy = Access.Administer)]
    [WolverinePost("/api/v1/officials")]
    [Tags("Officials")]
    [ProducesResponseType<Recorded>(StatusCodes.Status201Created)]
    public static IResult Post(RegisterOfficial command, IDocumentSession session)
    {
        var id = Ids.New();
        session.Events.StartStream<Official>(id, new OfficialRegistered(id, command.Name.Trim()));
        return Results.Created($"/api/v1/officials/{id}", new Recorded(id, 1));
    }
}
