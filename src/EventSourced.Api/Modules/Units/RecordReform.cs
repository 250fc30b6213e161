using System.Text.Json.Serialization;
using EventSourced.Api.Infrastructure;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourced.Api.Modules.Units;

/// <summary>A unit version the reform creates.</summary>
/// <param name="Code">Official code (may reuse a retired unit's code).</param>
/// <param name="Name">Official name.</param>
/// <param name="Level">Level.</param>
/// <param name="ParentCode">Parent in force on the effective date, or created by this reform.</param>
public sealed record NewUnit([property: JsonRequired] string Code, [property: JsonRequired] string Name, [property: JsonRequired] UnitLevel Level, string? ParentCode);

/// <summary>Territory passing from a retired unit to a unit in force after the reform.</summary>
/// <param name="From">Code of a retired unit.</param>
/// <param name="To">Code of a created unit, or of one that stays in force.</param>
/// <param name="Kind">WHOLE or PART.</param>
public sealed record Transfer([property: JsonRequired] string From, [property: JsonRequired] string To, [property: JsonRequired] TransferKind Kind);

/// <summary>Record a reform of administrative units: the versions it retires, those it creates, and where territory went.</summary>
/// <param name="LegalReference">The legal act, e.g. Nghị quyết 1685/NQ-UBTVQH15.</param>
/// <param name="EffectiveDate">The day the new units come into force (the retired ones are in force until the day before).</param>
/// <param name="Retire">Codes of the units in force the day before that go out of force.</param>
/// <param name="Create">The unit versions that come into force, parents before children.</param>
/// <param name="Transfers">Where each retired unit's territory went.</param>
public sealed record RecordReform(
    [property: JsonRequired] string LegalReference,
    [property: JsonRequired] DateOnly EffectiveDate,
    [property: JsonRequired] IReadOnlyList<string> Retire,
    [property: JsonRequired] IReadOnlyList<NewUnit> Create,
    [property: JsonRequired] IReadOnlyList<Transfer> Transfers)
{
    /// <summary>Three wards of Quận 4 become Phường Xóm Chiếu, which keeps the code 27259, on 2025-07-01.</summary>
    public static RecordReform Example => new(
        "Nghị quyết 1685/NQ-UBTVQH15", new DateOnly(2025, 7, 1),
        ["27259", "27262", "27265"],
        [new NewUnit("27259", "Phường Xóm Chiếu", UnitLevel.Ward, "79")],
        [new Transfer("27259", "27259", TransferKind.Whole), new Transfer("27262", "27259", TransferKind.Whole), new Transfer("27265", "27259", TransferKind.Part)]);
}

public sealed class RecordReformValidator : AbstractValidator<RecordReform>
{
    public const int MaxUnits = 5_000;

    public RecordReformValidator()
    {
        RuleFor(c => c.LegalReference).RequiredText();
        RuleFor(c => c.EffectiveDate).NotEmpty().GreaterThan(RegisterUnitValidator.EarliestValidFrom);
        RuleFor(c => c.Retire).NotNull().Must(r => r.Count <= MaxUnits).WithMessage($"At most {MaxUnits} units per reform.");
        RuleForEach(c => c.Retire).NotEmpty().Must(Reference.AdministrativeCodes.IsAnyUnit).WithMessage("'{PropertyName}' is not a unit code.");
        RuleFor(c => c.Retire).Must(r => r is null || r.Distinct().Count() == r.Count).WithMessage("A unit is retired once.");
        RuleFor(c => c.Create).NotNull().Must(c => c.Count <= MaxUnits).WithMessage($"At most {MaxUnits} units per reform.");
        RuleForEach(c => c.Create).ChildRules(unit =>
        {
            unit.RuleFor(u => u.Level).IsInEnum();
            unit.RuleFor(u => u.Code).NotEmpty().Must((u, code) => UnitCodes.FitsLevel(code, u.Level))
                .WithMessage("'{PropertyName}' does not fit the unit's level.");
            unit.RuleFor(u => u.Name).RequiredText();
            unit.RuleFor(u => u.ParentCode).NotEmpty().When(u => u.Level != UnitLevel.Province);
        });
        RuleFor(c => c.Create).Must(c => c is null || c.Select(u => u.Code).Distinct().Count() == c.Count).WithMessage("A code is created once.");
        RuleFor(c => c.Transfers).NotNull().Must(t => t.Count <= 4 * MaxUnits).WithMessage("Too many transfers.");
        RuleForEach(c => c.Transfers).ChildRules(transfer =>
        {
            transfer.RuleFor(t => t.Kind).IsInEnum();
            transfer.RuleFor(t => t.From).NotEmpty();
            transfer.RuleFor(t => t.To).NotEmpty();
        });
        RuleFor(c => c).Must(c => c.Retire is null || c.Transfers is null || c.Retire.All(code => c.Transfers.Any(t => t.From == code)))
            .OverridePropertyName("transfers").WithMessage("Every retired unit's territory must go somewhere: give at least one transfer from each.");
        RuleFor(c => c).Must(c => c.Retire is null || c.Transfers is null || c.Transfers.All(t => c.Retire.Contains(t.From)))
            .OverridePropertyName("transfers").WithMessage("Transfers go from retired units only.");
    }
}

public static class RecordReformEndpoint
{
    public static ProblemDetails Validate(RecordReform command, IValidator<RecordReform> validator) =>
        Problems.Check(validator, command) ?? WolverineContinue.NoProblems;

    /// <summary>The events of a reform, given the versions in force the day before and after (pure).</summary>
    /// <param name="command">The reform.</param>
    /// <param name="retired">The versions being retired, by code.</param>
    /// <param name="created">The new versions, by code, in the command's order, with their parents resolved.</param>
    /// <param name="staying">Versions in force on the effective date that transfers may point to, by code.</param>
    public static (ReformRecorded Reform, IReadOnlyList<UnitVersionRetired> Retired, IReadOnlyList<UnitVersionRegistered> Created) Decide(
        RecordReform command,
        IReadOnlyDictionary<string, AdministrativeUnit> retired,
        IReadOnlyList<UnitVersionRegistered> created,
        IReadOnlyDictionary<string, AdministrativeUnit> staying)
    {
        var reformId = UnitIds.ForReform(command.LegalReference, command.EffectiveDate);
        var createdByCode = created.ToDictionary(c => c.Code);
        UnitLink Target(Transfer t) => createdByCode.TryGetValue(t.To, out var c)
            ? new UnitLink(c.UnitVersionId, c.Code, c.Name, t.Kind)
            : new UnitLink(staying[t.To].Id, t.To, staying[t.To].Name, t.Kind);
        var transfers = command.Transfers
            .Select(t => (Transfer: t, From: retired[t.From], To: Target(t)))
            .ToList();
        var reform = new ReformRecorded(
            reformId, command.LegalReference.Trim(), command.EffectiveDate,
            retired.Values.Select(r => r.Id).ToList(),
            created.Select(c => c.UnitVersionId).ToList(),
            transfers.Select(t => new UnitTransfer(t.From.Id, t.From.Code, t.To.UnitVersionId, t.To.Code, t.Transfer.Kind)).ToList());
        var retiredEvents = retired.Values.Select(r => new UnitVersionRetired(
            r.Id, r.Code, command.EffectiveDate, reformId, reform.LegalReference,
            transfers.Where(t => t.From.Id == r.Id).Select(t => t.To).ToList())).ToList();
        var createdEvents = created.Select(c => c with
        {
            Predecessors = transfers.Where(t => t.To.UnitVersionId == c.UnitVersionId)
                .Select(t => new UnitLink(t.From.Id, t.From.Code, t.From.Name, t.Transfer.Kind)).ToList(),
        }).ToList();
        return (reform, retiredEvents, createdEvents);
    }

    /// <summary>Record a reform of administrative units (merge, split, rename, abolition of the district level).</summary>
    /// <remarks>Idempotent: the same legal reference and effective date again answers 200 and appends nothing. 422 names
    /// the code that does not resolve, a unit left without its parent, or a transfer to nowhere.</remarks>
    [Authorize(Policy = Access.Administer)]
    [WolverinePost("/api/v1/reforms")]
    [Tags("Units")]
    [ProducesResponseType<Recorded>(StatusCodes.Status201Created)]
    [ProducesResponseType<Recorded>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Post(RecordReform command, IDocumentSession session, CancellationToken ct)
    {
        var reformId = UnitIds.ForReform(command.LegalReference, command.EffectiveDate);
        if (await session.Events.FetchStreamStateAsync(reformId, ct) is not null)
        {
            return Results.Ok(new Recorded(reformId, 1));
        }
        var dayBefore = command.EffectiveDate.AddDays(-1);

        var retired = new Dictionary<string, AdministrativeUnit>();
        foreach (var code in command.Retire)
        {
            var unit = await UnitDirectory.InForce(session, code, dayBefore, ct);
            if (unit is null || unit.ValidTo is not null)
            {
                return Results.Problem(Problems.RuleViolated($"No unit with code {code} is in force on {dayBefore:yyyy-MM-dd} to retire.", "retire"));
            }
            retired[code] = unit;
        }

        // Units in force on the effective date that the reform does not retire: parents and transfer targets may be among them.
        var staying = new Dictionary<string, AdministrativeUnit>();
        async Task<AdministrativeUnit?> Staying(string code)
        {
            if (staying.TryGetValue(code, out var known)) return known;
            var unit = await UnitDirectory.InForce(session, code, command.EffectiveDate, ct);
            if (unit is null || retired.Values.Any(r => r.Id == unit.Id)) return null;
            staying[code] = unit;
            return unit;
        }

        var created = new List<UnitVersionRegistered>();
        foreach (var unit in command.Create)
        {
            if (await Staying(unit.Code) is not null)
            {
                return Results.Problem(Problems.RuleViolated($"Code {unit.Code} stays in force; retire it to reuse the code.", "create"));
            }
            UnitVersionRegistered? parent = null;
            AdministrativeUnit? stayingParent = null;
            if (unit.Level != UnitLevel.Province)
            {
                parent = created.FirstOrDefault(c => c.Code == unit.ParentCode);
                stayingParent = parent is null ? await Staying(unit.ParentCode!) : null;
                var parentLevel = parent?.Level ?? stayingParent?.Level;
                if (parentLevel is not { } level || !UnitCodes.CanParent(level, unit.Level))
                {
                    return Results.Problem(Problems.RuleViolated($"Parent {unit.ParentCode} of {unit.Code} is not a unit that can hold it on {command.EffectiveDate:yyyy-MM-dd}.", "create"));
                }
            }
            created.Add(new UnitVersionRegistered(
                UnitIds.ForVersion(unit.Code, command.EffectiveDate), unit.Code, unit.Name.Trim(), unit.Level,
                parent?.UnitVersionId ?? stayingParent?.Id, unit.ParentCode,
                parent?.ProvinceCode ?? stayingParent?.ProvinceCode ?? unit.Code,
                command.EffectiveDate, command.LegalReference.Trim(), []));
        }

        foreach (var transfer in command.Transfers.Where(t => created.All(c => c.Code != t.To)))
        {
            if (await Staying(transfer.To) is null)
            {
                return Results.Problem(Problems.RuleViolated($"Transfer target {transfer.To} is neither created by the reform nor in force on {command.EffectiveDate:yyyy-MM-dd}.", "transfers"));
            }
        }

        // A unit that stays must not be left under a retired parent.
        var retiredIds = retired.Values.Select(r => r.Id).ToList();
        var orphans = await session.Query<AdministrativeUnit>()
            .Where(u => u.ParentId != null && retiredIds.Contains(u.ParentId!.Value) && u.ValidTo == null)
            .ToListAsync(ct);
        var orphaned = orphans.Where(o => !retiredIds.Contains(o.Id)).Select(o => o.Code).ToList();
        if (orphaned.Count > 0)
        {
            return Results.Problem(Problems.RuleViolated(
                $"Units {string.Join(", ", orphaned.Take(20))} would stay under a retired parent; retire and re-create them too.", "retire"));
        }

        var (reform, retiredEvents, createdEvents) = Decide(command, retired, created, staying);
        session.Events.StartStream(reformId, reform);
        foreach (var e in retiredEvents)
        {
            var stream = await session.Events.FetchForExclusiveWriting<AdministrativeUnit>(e.UnitVersionId, ct);
            stream.AppendOne(e);
        }
        foreach (var e in createdEvents)
        {
            session.Events.StartStream<AdministrativeUnit>(e.UnitVersionId, e);
        }
        return Results.Created($"/api/v1/reforms/{reformId}", new Recorded(reformId, 1));
    }
}
