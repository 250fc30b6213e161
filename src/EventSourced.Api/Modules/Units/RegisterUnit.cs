using System.Text.Json.Serialization;
using EventSourced.Api.Infrastructure;
using EventSourced.Api.Ledger;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourced.Api.Modules.Units;

/// <summary>Register a version of an administrative unit (reference data).</summary>
/// <param name="Code">Official code: 2 digits for a province, 3 for a district, 5 for a commune-level unit.</param>
/// <param name="Name">Official name with diacritics.</param>
/// <param name="Level">PROVINCE, DISTRICT, WARD, COMMUNE, TOWNSHIP or SPECIAL_ZONE.</param>
/// <param name="ParentCode">Code of the parent in force on 'validFrom' (none for a province).</param>
/// <param name="ValidFrom">First day in force.</param>
/// <param name="LegalReference">Legal act that created it, if known.</param>
public sealed record RegisterUnit(
    [property: JsonRequired] string Code,
    [property: JsonRequired] string Name,
    [property: JsonRequired] UnitLevel Level,
    string? ParentCode,
    [property: JsonRequired] DateOnly ValidFrom,
    string? LegalReference)
{
    /// <summary>Phường 13 of Quận 4, Hồ Chí Minh City, as it stood from the 2020 merge until the 2025 reform.</summary>
    public static RegisterUnit Example => new("27259", "Phường 13", UnitLevel.Ward, "773", new DateOnly(2020, 2, 1), "Nghị quyết 1111/NQ-UBTVQH14");
}

public sealed class RegisterUnitValidator : AbstractValidator<RegisterUnit>
{
    /// <summary>No unit of the present state predates the founding of the Democratic Republic.</summary>
    public static readonly DateOnly EarliestValidFrom = new(1945, 9, 2);

    public RegisterUnitValidator()
    {
        RuleFor(c => c.Level).IsInEnum();
        RuleFor(c => c.Code).NotEmpty().Must((c, code) => UnitCodes.FitsLevel(code, c.Level))
            .WithMessage("'{PropertyName}' must have 2 digits for a province, 3 for a district, 5 for a commune-level unit.");
        RuleFor(c => c.Name).RequiredText();
        RuleFor(c => c.ParentCode).Null().When(c => c.Level == UnitLevel.Province).WithMessage("A province has no parent.");
        RuleFor(c => c.ParentCode).NotEmpty().Must(AdministrativeCodes.IsAnyUnit).When(c => c.Level != UnitLevel.Province)
            .WithMessage("'{PropertyName}' must name the parent's code.");
        RuleFor(c => c.ValidFrom).NotEmpty().GreaterThanOrEqualTo(EarliestValidFrom);
        RuleFor(c => c.LegalReference).OptionalText();
    }
}

public static class UnitCodes
{
    public static bool FitsLevel(string? code, UnitLevel level) => level switch
    {
        UnitLevel.Province => AdministrativeCodes.IsProvince(code),
        UnitLevel.District => code is { Length: 3 } && AdministrativeCodes.IsAnyUnit(code),
        _ => AdministrativeCodes.IsCommuneLevel(code),
    };

    /// <summary>Districts hang under provinces; commune-level units under districts, or under provinces after 2025-07-01.</summary>
    public static bool CanParent(UnitLevel parent, UnitLevel child) => child switch
    {
        UnitLevel.Province => false,
        UnitLevel.District => parent == UnitLevel.Province,
        _ => parent is UnitLevel.Province or UnitLevel.District,
    };
}

public static partial class RegisterUnitEndpoint
{
    public static UnitVersionRegistered Decide(RegisterUnit command, AdministrativeUnit? parent) => new(
        UnitIds.ForVersion(command.Code, command.ValidFrom),
        command.Code,
        command.Name.Trim(),
        command.Level,
        parent?.Id,
        parent?.Code,
        parent?.ProvinceCode ?? command.Code,
        command.ValidFrom,
        command.LegalReference?.Trim(),
        []);

    /// <summary>Register a version of an administrative unit.</summary>
    /// <remarks>Idempotent: registering the same code, name, level, parent and start again answers 200 with the same id
    /// and appends nothing. 409 when another version bears the code on that date; 422 when the parent is unknown or of
    /// the wrong level.</remarks>
    [Authorize(Policy = Access.Administer)]
    [WolverinePost("/api/v1/units")]
    [Tags("Units")]
    [ProducesResponseType<Recorded>(StatusCodes.Status201Created)]
    [ProducesResponseType<Recorded>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Post(RegisterUnit command, IDocumentSession session, CancellationToken ct)
    {
        AdministrativeUnit? parent = null;
        if (command.Level != UnitLevel.Province)
        {
            parent = await UnitDirectory.InForce(session, command.ParentCode!, command.ValidFrom, ct);
            if (parent is null || !UnitCodes.CanParent(parent.Level, command.Level))
            {
                return Results.Problem(Problems.RuleViolated(
                    $"No unit that can be the parent of a {ApiNames.Of(command.Level)} had code {command.ParentCode} on {command.ValidFrom:yyyy-MM-dd}.",
                    "parentCode"));
            }
        }
        var registered = Decide(command, parent);
        var location = $"/api/v1/units/{command.Code}?at={command.ValidFrom:yyyy-MM-dd}";
        var existing = await UnitDirectory.InForce(session, command.Code, command.ValidFrom, ct);
        if (existing is not null)
        {
            return existing.Id == registered.UnitVersionId && existing.Name == registered.Name && existing.Level == registered.Level
                   && existing.ParentId == registered.ParentId
                ? Results.Ok(new Recorded(existing.Id, existing.Version))
                : Results.Problem(Problems.Conflict(
                    $"Code {command.Code} already names {existing.Name} from {existing.ValidFrom:yyyy-MM-dd}; record a reform to change it."));
        }
        session.Events.StartStream<AdministrativeUnit>(registered.UnitVersionId, registered);
        return Results.Created(location, new Recorded(registered.UnitVersionId, 1));
    }
}
