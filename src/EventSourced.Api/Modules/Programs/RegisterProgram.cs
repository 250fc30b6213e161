using System.Text.Json.Serialization;
using EventSourced.Api.Infrastructure;
using EventSourced.Api.Ledger;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourced.Api.Modules.Programs;

/// <summary>Register a coordination program (reference data).</summary>
/// <param name="ProgramId">Stable id, a lowercase slug, e.g. hcmc-478-2013.</param>
/// <param name="Number">The number documents give it, e.g. 478.</param>
/// <param name="Name">Vietnamese name.</param>
/// <param name="Parties">The signing parties.</param>
/// <param name="ProvinceCode">The province it covers; omitted for a national program.</param>
/// <param name="From">First day of the period.</param>
/// <param name="To">Last day of the period.</param>
/// <param name="Implements">The program it implements locally, if any.</param>
/// <param name="Succeeds">The program it succeeds, if any.</param>
public sealed record RegisterProgram(
    [property: JsonRequired] string ProgramId,
    [property: JsonRequired] string Number,
    [property: JsonRequired] string Name,
    [property: JsonRequired] IReadOnlyList<string> Parties,
    string? ProvinceCode,
    [property: JsonRequired] DateOnly From,
    [property: JsonRequired] DateOnly To,
    string? Implements,
    string? Succeeds)
{
    /// <summary>Ho Chi Minh City's Program 478, implementing the national Program 09.</summary>
    public static RegisterProgram Example => new("hcmc-478-2013", "478",
        "Chương trình phối hợp số 478 giữa Công an và Ủy ban MTTQ Việt Nam Thành phố Hồ Chí Minh (2013–2023)",
        ["Công an Thành phố Hồ Chí Minh", "Ủy ban MTTQ Việt Nam Thành phố Hồ Chí Minh"], "79",
        new DateOnly(2013, 1, 1), new DateOnly(2023, 12, 31), "national-09-2013", null);
}

public sealed class RegisterProgramValidator : AbstractValidator<RegisterProgram>
{
    public RegisterProgramValidator()
    {
        RuleFor(c => c.ProgramId).NotEmpty().Must(ProgramIds.IsWellFormed).WithMessage("'{PropertyName}' must be a lowercase slug, e.g. national-09-2013.");
        RuleFor(c => c.Number).NotEmpty().MaximumLength(64);
        RuleFor(c => c.Name).RequiredText();
        RuleFor(c => c.Parties).NotEmpty().Must(p => p.Count <= 10).WithMessage("At most 10 parties.");
        RuleForEach(c => c.Parties).RequiredText();
        RuleFor(c => c.ProvinceCode).Must(AdministrativeCodes.IsProvince).When(c => c.ProvinceCode is not null).WithMessage("'{PropertyName}' must be a 2-digit province code.");
        RuleFor(c => c.From).NotEmpty().GreaterThanOrEqualTo(CommonRules.EarliestDate);
        RuleFor(c => c.To).GreaterThan(c => c.From);
        RuleFor(c => c.Implements).Must(ProgramIds.IsWellFormed).When(c => c.Implements is not null).WithMessage("'{PropertyName}' must be a program id.");
        RuleFor(c => c.Succeeds).Must(ProgramIds.IsWellFormed).When(c => c.Succeeds is not null).WithMessage("'{PropertyName}' must be a program id.");
    }
}

public static class RegisterProgramEndpoint
{
    /// <summary>Register a coordination program (idempotent: the same program again answers 200; 409 with other details).</summary>
    /// <remarks>422 when 'implements' or 'succeeds' names no registered program.</remarks>
    [Authorize(Policy = Access.Administer)]
    [WolverinePost("/api/v1/programs")]
    [Tags("Programs")]
    [ProducesResponseType<Recorded>(StatusCodes.Status201Created)]
    [ProducesResponseType<Recorded>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Post(RegisterProgram command, IDocumentSession session, CancellationToken ct)
    {
        foreach (var (field, related) in new[] { ("implements", command.Implements), ("succeeds", command.Succeeds) })
        {
            if (related is not null && await session.LoadAsync<CoordinationProgram>(ProgramIds.For(related), ct) is null)
            {
                return Results.Problem(Problems.RuleViolated($"No program {related} is registered.", field));
            }
        }
        var registered = new ProgramRegistered(command.ProgramId, command.Number.Trim(), command.Name.Trim(), [.. command.Parties.Select(p => p.Trim())],
            command.ProvinceCode, command.From, command.To, command.Implements, command.Succeeds);
        var id = ProgramIds.For(command.ProgramId);
        if (await session.LoadAsync<CoordinationProgram>(id, ct) is { } existing)
        {
            var same = existing.Number == registered.Number && existing.Name == registered.Name && existing.Parties.SequenceEqual(registered.Parties)
                && existing.ProvinceCode == registered.ProvinceCode && existing.From == registered.From && existing.To == registered.To
                && existing.Implements == registered.Implements && existing.Succeeds == registered.Succeeds;
            return same
                ? Results.Ok(new Recorded(id, existing.Version))
                : Results.Problem(Problems.Conflict($"Program {command.ProgramId} is registered with other details."));
        }
        session.Events.StartStream<CoordinationProgram>(id, registered);
        return Results.Created($"/api/v1/programs/{command.ProgramId}", new Recorded(id, 1));
    }
}

public static class ListProgramsEndpoint
{
    /// <summary>The coordination programs, with their parties, scope, period and succession.</summary>
    [Authorize(Policy = Access.ReadReference)]
    [WolverineGet("/api/v1/programs")]
    [Tags("Programs")]
    [ProducesResponseType<IReadOnlyList<CoordinationProgram>>(StatusCodes.Status200OK)]
    public static async Task<IReadOnlyList<CoordinationProgram>> Get(IQuerySession session, CancellationToken ct) =>
        await session.Query<CoordinationProgram>().OrderBy(p => p.From).ToListAsync(ct);
}

public static class ProgramDirectory
{
    /// <summary>422 on the field when a program id is given and no such program is registered.</summary>
    public static async Task<ProblemDetails?> Unknown(IQuerySession session, string? programId, string field, CancellationToken ct) =>
        programId is not null && await session.LoadAsync<CoordinationProgram>(ProgramIds.For(programId), ct) is null
            ? Problems.RuleViolated($"No coordination program {programId} is registered; see GET /api/v1/programs.", field)
            : null;
}
