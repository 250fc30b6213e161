using System.Security.Claims;
using System.Text.Json.Serialization;
using EventSourced.Api.Infrastructure;
using EventSourced.Api.Ledger;
using EventSourced.Api.Modules.Models;
using EventSourced.Api.Modules.Officials;
using EventSourced.Api.Modules.Programs;
using EventSourced.Api.Modules.Units;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourced.Api.Modules.Commendations;

/// <summary>Grant a commendation (Bằng khen or Giấy khen) to a collective or an individual.</summary>
/// <param name="Form">CERTIFICATE_OF_MERIT (Bằng khen) or CERTIFICATE_OF_COMMENDATION (Giấy khen).</param>
/// <param name="Issuer">Issuing organisation.</param>
/// <param name="ProvinceCode">Province the commendation is counted in: the recipient's (2 digits).</param>
/// <param name="Presenter">The official who presented it (optional).</param>
/// <param name="Recipient">Who is commended.</param>
/// <param name="Reason">Reason as the decision states it.</param>
/// <param name="DecisionNumber">Decision number, e.g. 1234/QĐ-UBND.</param>
/// <param name="DecisionDate">Decision date; not in the future.</param>
/// <param name="ProgramId">Coordination program it belongs to, if any.</param>
public sealed record GrantCommendation(
    [property: JsonRequired] CommendationForm Form,
    [property: JsonRequired] IssuingOrganisation Issuer,
    [property: JsonRequired] string ProvinceCode,
    Presenter? Presenter,
    [property: JsonRequired] Recipient Recipient,
    [property: JsonRequired] string Reason,
    [property: JsonRequired] string DecisionNumber,
    [property: JsonRequired] DateOnly DecisionDate,
    string? ProgramId)
{
    /// <summary>A city People's Committee certificate of merit to a model, as at the ten-year review.</summary>
    public static GrantCommendation Example => new(
        CommendationForm.CertificateOfMerit, IssuingOrganisation.ProvincialPeoplesCommittee, "79",
        new Presenter("Nguyễn Văn Dũng", "Phó Chủ tịch UBND Thành phố"),
        new Recipient(RecipientKind.Collective, "Tổ tự quản chung cư H3 Hoàng Diệu", "27259", null),
        "Đã có thành tích xuất sắc trong phong trào Toàn dân bảo vệ an ninh Tổ quốc giai đoạn 2013–2023",
        "4321/QĐ-UBND", new DateOnly(2023, 8, 15), "hcmc-478-2013");
}

public sealed class GrantCommendationValidator : AbstractValidator<GrantCommendation>
{
    public const int MaxDecisionNumberLength = 64;

    public GrantCommendationValidator(TimeProvider time)
    {
        RuleFor(c => c.Form).KnownValue();
        RuleFor(c => c.Issuer).KnownValue();
        RuleFor(c => c.ProvinceCode).ProvinceCode();
        When(c => c.Presenter is not null, () =>
        {
            RuleFor(c => c.Presenter!.Name).RequiredText();
            RuleFor(c => c.Presenter!.Position).OptionalText();
            RuleFor(c => c.Presenter!.OfficialId).NotEqual(Guid.Empty);
            RuleFor(c => c.Presenter!.Rank).Null().WithMessage("'{PropertyName}' is taken from the official's record; give 'officialId'.");
        });
        RuleFor(c => c.Recipient).NotNull();
        When(c => c.Recipient is not null, () =>
        {
            RuleFor(c => c.Recipient.Kind).KnownValue();
            RuleFor(c => c.Recipient.Name).RequiredText();
            RuleFor(c => c.Recipient.UnitCode).NotEmpty().Must(AdministrativeCodes.IsAnyUnit)
                .WithMessage("'{PropertyName}' must be a province (2 digits), district (3) or commune-level (5) unit code.");
            RuleFor(c => c.Recipient.ModelId).NotEqual(Guid.Empty);
        });
        RuleFor(c => c.Reason).RequiredText();
        RuleFor(c => c.DecisionNumber).NotEmpty().MaximumLength(MaxDecisionNumberLength);
        RuleFor(c => c.DecisionDate).PastDate(time);
        RuleFor(c => c.ProgramId).Must(ProgramIds.IsWellFormed).When(c => c.ProgramId is not null)
            .WithMessage("'{PropertyName}' must be a program id, e.g. hcmc-478-2013; see GET /api/v1/programs.");
    }
}

public static partial class GrantCommendationEndpoint
{
    public static CommendationGranted Decide(GrantCommendation command, UnitSnapshot unit, Guid commendationId) => new(
        commendationId,
        command.Form,
        command.Issuer,
        unit,
        command.Presenter is null ? null : command.Presenter with { Name = command.Presenter.Name.Trim() },
        command.Recipient with { Name = command.Recipient.Name.Trim() },
        command.Reason.Trim(),
        command.DecisionNumber.Trim(),
        command.DecisionDate,
        command.ProgramId);
}

public static partial class GrantCommendationEndpoint
{
    /// <summary>Jurisdiction: the recipient's unit.</summary>
    public static async Task<ProblemDetails> Before(GrantCommendation command, ClaimsPrincipal user, IDocumentSession session, TimeProvider time, CancellationToken ct) =>
        await JurisdictionReach.CoversUnitOn(user, session, command.Recipient.UnitCode, command.DecisionDate, VietnamTime.Today(time), ct)
            ? WolverineContinue.NoProblems
            : Jurisdiction.Denied($"Unit {command.Recipient.UnitCode}");

    /// <summary>Grant a commendation to a collective or an individual.</summary>
    /// <remarks>Answers 201 with the commendation's id and a Location header. 422 when the issuer could not grant that
    /// form on the decision date (rule 7, GET /api/v1/commendation-authorities), 'recipient.modelId' names no known model,
    /// or the recipient's unit code names no unit of the province on the decision date.</remarks>
    [Authorize(Policy = Access.Record)]
    [WolverinePost("/api/v1/commendations")]
    [Tags("Commendations")]
    [ProducesResponseType<Recorded>(StatusCodes.Status201Created)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Post(GrantCommendation command, IDocumentSession session, CancellationToken ct)
    {
        if (await ProgramDirectory.Unknown(session, command.ProgramId, "programId", ct) is { } unknownProgram)
        {
            return Results.Problem(unknownProgram);
        }
        var authorities = await session.LoadAsync<CommendationAuthorities>(CommendationAuthorities.StreamId, ct);
        if (authorities?.Allows(command.Issuer, command.Form, command.DecisionDate) != true)
        {
            return Results.Problem(Problems.RuleViolated(
                $"{ApiNames.Of(command.Issuer)} could not grant a {ApiNames.Of(command.Form)} on {command.DecisionDate:yyyy-MM-dd}; see GET /api/v1/commendation-authorities.",
                "form"));
        }
        if (command.Recipient.ModelId is { } modelId && await session.LoadAsync<SecurityModel>(modelId, ct) is null)
        {
            return Results.Problem(Problems.RuleViolated($"No model {modelId} is recorded.", "recipient.modelId"));
        }
        var presenter = command.Presenter;
        if (presenter?.OfficialId is { } officialId)
        {
            var official = await session.LoadAsync<Official>(officialId, ct);
            if (official is null || official.Name != presenter.Name.Trim())
            {
                return Results.Problem(Problems.RuleViolated(
                    official is null ? $"No official {officialId} is registered." : $"Official {officialId} is {official.Name}, not {presenter.Name}.",
                    "presenter.officialId"));
            }
            var held = official.PositionOn(command.DecisionDate);
            presenter = presenter with
            {
                Rank = official.RankOn(command.DecisionDate),
                Position = presenter.Position ?? (held is null ? null : $"{held.Position}, {held.Organisation}"),
            };
        }
        command = command with { Presenter = presenter };
        var unit = await UnitDirectory.InForce(session, command.Recipient.UnitCode, command.DecisionDate, ct);
        var snapshot = unit is null ? null : await UnitDirectory.Snapshot(session, unit, ct);
        if (snapshot is null || snapshot.ProvinceCode != command.ProvinceCode)
        {
            return Results.Problem(Problems.RuleViolated(
                $"No unit of province {command.ProvinceCode} had code {command.Recipient.UnitCode} on {command.DecisionDate:yyyy-MM-dd}.", "recipient.unitCode"));
        }
        var granted = Decide(command, snapshot, Ids.New());
        session.Events.StartStream<Commendation>(granted.CommendationId, granted);
        return Results.Created($"/api/v1/commendations/{granted.CommendationId}", new Recorded(granted.CommendationId, 1));
    }
}
