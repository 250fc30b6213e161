using System.Security.Claims;
using System.Text.Json.Serialization;
using EventSourced.Api.Infrastructure;
using EventSourced.Api.Ledger;
using EventSourced.Api.Modules.Programs;
using EventSourced.Api.Modules.Reference;
using EventSourced.Api.Modules.Units;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourced.Api.Modules.Models;

/// <summary>Register a self-management security model (mô hình) or good practice (cách làm hay) in a commune-level unit.</summary>
/// <param name="ModelType">Model type code from GET /api/v1/model-types.</param>
/// <param name="Kind">MODEL or GOOD_PRACTICE.</param>
/// <param name="Name">Name as the unit uses it, with diacritics.</param>
/// <param name="ProvinceCode">Province code (2 digits): 01 Hà Nội, 31 Hải Phòng, 48 Đà Nẵng, 79 Hồ Chí Minh, 92 Cần Thơ.</param>
/// <param name="UnitCode">Commune-level unit code (5 digits) where the model runs.</param>
/// <param name="LeadOrganisation">The organisation that leads the model.</param>
/// <param name="Partners">Partner organisations (may be empty).</param>
/// <param name="ProgramId">Coordination program the model implements, if any (e.g. hcmc-478-2013).</param>
/// <param name="LaunchDate">Date the model was launched.</param>
/// <param name="ReplicatedFrom">Id of the model this one replicates (nhân rộng), if any.</param>
public sealed record RegisterModel(
    [property: JsonRequired] string ModelType,
    [property: JsonRequired] ModelKind Kind,
    [property: JsonRequired] string Name,
    [property: JsonRequired] string ProvinceCode,
    [property: JsonRequired] string UnitCode,
    [property: JsonRequired] Organisation LeadOrganisation,
    IReadOnlyList<Organisation>? Partners,
    string? ProgramId,
    [property: JsonRequired] DateOnly LaunchDate,
    Guid? ReplicatedFrom)
{
    /// <summary>The District 4 apartment self-management team of the reviews (Phường 13, Quận 4, since April 2023).</summary>
    public static RegisterModel Example => new(
        "apartment-self-management-team", ModelKind.Model, "Tổ tự quản chung cư H3 Hoàng Diệu", "79", "27259",
        Organisation.Police, [Organisation.FatherlandFront, Organisation.YouthUnion], "hcmc-478-2013", new DateOnly(2023, 4, 1), null);
}

public sealed class RegisterModelValidator : AbstractValidator<RegisterModel>
{
    /// <summary>Models are registered ahead of their launch, but not years ahead.</summary>
    public static readonly TimeSpan MaxLeadTime = TimeSpan.FromDays(366);

    public RegisterModelValidator(TimeProvider time)
    {
        RuleFor(c => c.ModelType).NotEmpty()
            .Must(ModelTypes.Exists).WithMessage("'{PropertyName}' is not a known model type; see GET /api/v1/model-types.");
        RuleFor(c => c.Kind).KnownValue();
        RuleFor(c => c.Name).RequiredText();
        RuleFor(c => c.ProvinceCode).ProvinceCode();
        RuleFor(c => c.UnitCode).CommuneCode();
        RuleFor(c => c.LeadOrganisation).KnownValue();
        RuleForEach(c => c.Partners).KnownValue();
        RuleFor(c => c.Partners).Must(p => p is null || p.Count <= 20).WithMessage("'{PropertyName}' may name at most 20 organisations.");
        RuleFor(c => c.ProgramId).Must(ProgramIds.IsWellFormed).When(c => c.ProgramId is not null)
            .WithMessage("'{PropertyName}' must be a program id, e.g. hcmc-478-2013; see GET /api/v1/programs.");
        RuleFor(c => c.LaunchDate).NotEmpty()
            .GreaterThanOrEqualTo(CommonRules.EarliestDate)
            .Must(d => d <= VietnamTime.DateOf(time.GetUtcNow() + MaxLeadTime))
            .WithMessage("'{PropertyName}' is too far in the future.");
        RuleFor(c => c.ReplicatedFrom).NotEqual(Guid.Empty);
    }
}

public static partial class RegisterModelEndpoint
{
    /// <summary>The decision: registering always yields one event; the id comes from the caller so the decision is pure.</summary>
    public static ModelRegistered Decide(RegisterModel command, UnitSnapshot unit, Guid modelId) => new(
        modelId,
        command.ModelType,
        command.Kind,
        command.Name.Trim(),
        unit,
        command.LeadOrganisation,
        (command.Partners ?? []).Distinct().Where(p => p != command.LeadOrganisation).ToArray(),
        command.ProgramId,
        command.LaunchDate,
        command.ReplicatedFrom);
}

public static partial class RegisterModelEndpoint
{
    /// <summary>Jurisdiction: the unit the model is registered in.</summary>
    public static async Task<ProblemDetails> Before(RegisterModel command, ClaimsPrincipal user, IDocumentSession session, TimeProvider time, CancellationToken ct) =>
        await JurisdictionReach.CoversUnitOn(user, session, command.UnitCode, command.LaunchDate, VietnamTime.Today(time), ct)
            ? WolverineContinue.NoProblems
            : Jurisdiction.Denied($"Unit {command.UnitCode}");

    /// <summary>Register a security model in a commune-level unit.</summary>
    /// <remarks>Answers 201 with the model's id and a Location header. 422 when the unit code names no commune-level unit
    /// of the province on the launch date (codes are resolved at that date), or 'replicatedFrom' names no known model.</remarks>
    [Authorize(Policy = Access.Record)]
    [WolverinePost("/api/v1/models")]
    [Tags("Models")]
    [ProducesResponseType<Recorded>(StatusCodes.Status201Created)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Post(RegisterModel command, IDocumentSession session, CancellationToken ct)
    {
        if (await ProgramDirectory.Unknown(session, command.ProgramId, "programId", ct) is { } unknownProgram)
        {
            return Results.Problem(unknownProgram);
        }
        if (command.ReplicatedFrom is { } origin && await session.LoadAsync<SecurityModel>(origin, ct) is null)
        {
            return Results.Problem(Problems.RuleViolated($"No model {origin} is recorded to replicate from.", "replicatedFrom"));
        }
        var (unit, unknownUnit) = await UnitDirectory.CommuneOn(session, command.ProvinceCode, command.UnitCode, command.LaunchDate, "unitCode", ct);
        if (unknownUnit is not null)
        {
            return Results.Problem(unknownUnit);
        }
        var registered = Decide(command, unit!, Ids.New());
        session.Events.StartStream<SecurityModel>(registered.ModelId, registered);
        return Results.Created($"/api/v1/models/{registered.ModelId}", new Recorded(registered.ModelId, 1));
    }
}
