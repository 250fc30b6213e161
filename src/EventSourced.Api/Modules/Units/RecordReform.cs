using System.Text.Json.Serialization;
using EventSourced.Api.Infrastructure;
using EventSourced.Api.Ledger;
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
        RuleForEach(c => c.Retire).NotEmpty().Must(AdministrativeCodes.IsAnyUnit).WithMessage("'{PropertyName}' is not a unit code.");
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
    /// <summary>
    /// Every version the rules of a reform read, loaded before any of them is checked. Not named Load: Wolverine would
    /// run a Load method of an endpoint class as middleware, before Post, and so read everything twice.
    /// </summary>
    public static async Task<ReformContext> ReadContext(RecordReform command, IQuerySession session, CancellationToken ct)
    {
        var dayBefore = command.EffectiveDate.AddDays(-1);
        var inForceBefore = new Dictionary<string, AdministrativeUnit>();
        foreach (var code in command.Retire.Distinct())
        {
            if (await UnitDirectory.InForce(session, code, dayBefore, ct) is { } unit)
            {
                inForceBefore[code] = unit;
            }
        }

        var named = command.Create.Select(u => u.Code)
            .Concat(command.Create.Where(u => u.Level != UnitLevel.Province).Select(u => u.ParentCode!))
            .Concat(command.Transfers.Select(t => t.To));
        var inForceOn = new Dictionary<string, AdministrativeUnit>();
        foreach (var code in named.Distinct())
        {
            if (await UnitDirectory.InForce(session, code, command.EffectiveDate, ct) is { } unit)
            {
                inForceOn[code] = unit;
            }
        }

        var retiringIds = inForceBefore.Values.Select(r => r.Id).ToList();
        var children = await session.Query<AdministrativeUnit>()
            .Where(u => u.ParentId != null && retiringIds.Contains(u.ParentId!.Value) && u.ValidTo == null)
            .ToListAsync(ct);
        return new ReformContext(inForceBefore, inForceOn, children);
    }

    /// <summary>The first rule of a reform that the recorded units break, or null (pure).</summary>
    public static ProblemDetails? Check(RecordReform command, ReformContext context)
    {
        var dayBefore = command.EffectiveDate.AddDays(-1);
        if (command.Retire.FirstOrDefault(code => context.Retiring(code) is null) is { } unknown)
        {
            return Problems.RuleViolated($"No unit with code {unknown} is in force on {dayBefore:yyyy-MM-dd} to retire.", "retire");
        }

        for (var i = 0; i < command.Create.Count; i++)
        {
            var unit = command.Create[i];
            if (context.Staying(unit.Code) is not null)
            {
                return Problems.RuleViolated($"Code {unit.Code} stays in force; retire it to reuse the code.", "create");
            }
            if (unit.Level == UnitLevel.Province)
            {
                continue;
            }
            // Parents come before their children, so a parent created by the reform is one listed earlier.
            var parentLevel = command.Create.Take(i).FirstOrDefault(c => c.Code == unit.ParentCode)?.Level ?? context.Staying(unit.ParentCode!)?.Level;
            if (parentLevel is not { } level || !UnitCodes.CanParent(level, unit.Level))
            {
                return Problems.RuleViolated($"Parent {unit.ParentCode} of {unit.Code} is not a unit that can hold it on {command.EffectiveDate:yyyy-MM-dd}.", "create");
            }
        }

        if (command.Transfers.FirstOrDefault(t => command.Create.All(c => c.Code != t.To) && context.Staying(t.To) is null) is { } nowhere)
        {
            return Problems.RuleViolated($"Transfer target {nowhere.To} is neither created by the reform nor in force on {command.EffectiveDate:yyyy-MM-dd}.", "transfers");
        }

        // A unit that stays must not be left under a retired parent.
        var orphaned = context.UnderRetiring.Where(u => !context.IsRetiring(u.Id)).Select(u => u.Code).ToList();
        return orphaned.Count > 0
            ? Problems.RuleViolated($"Units {string.Join(", ", orphaned.Take(20))} would stay under a retired parent; retire and re-create them too.", "retire")
            : null;
    }

    /// <summary>The events of a reform that passed <see cref="Check"/> (pure).</summary>
    public static (ReformRecorded Reform, IReadOnlyList<UnitVersionRetired> Retired, IReadOnlyList<UnitVersionRegistered> Created) Decide(
        RecordReform command, ReformContext context)
    {
        var reformId = UnitIds.ForReform(command.LegalReference, command.EffectiveDate);
        var legalReference = command.LegalReference.Trim();
        var retired = command.Retire.Select(code => context.Retiring(code)!).ToList();

        var created = new List<UnitVersionRegistered>();
        foreach (var unit in command.Create)
        {
            var parent = unit.Level == UnitLevel.Province ? null : created.FirstOrDefault(c => c.Code == unit.ParentCode);
            var stayingParent = unit.Level == UnitLevel.Province || parent is not null ? null : context.Staying(unit.ParentCode!);
            created.Add(new UnitVersionRegistered(
                UnitIds.ForVersion(unit.Code, command.EffectiveDate), unit.Code, unit.Name.Trim(), unit.Level,
                parent?.UnitVersionId ?? stayingParent?.Id, unit.ParentCode,
                parent?.ProvinceCode ?? stayingParent?.ProvinceCode ?? unit.Code,
                command.EffectiveDate, legalReference, []));
        }

        UnitLink Target(Transfer t) => created.FirstOrDefault(c => c.Code == t.To) is { } c
            ? new UnitLink(c.UnitVersionId, c.Code, c.Name, t.Kind)
            : context.Staying(t.To) is { } s ? new UnitLink(s.Id, s.Code, s.Name, t.Kind) : throw new InvalidOperationException($"Transfer target {t.To} was not checked.");
        var transfers = command.Transfers
            .Select(t => (Transfer: t, From: context.Retiring(t.From)!, To: Target(t)))
            .ToList();
        var reform = new ReformRecorded(
            reformId, legalReference, command.EffectiveDate,
            retired.Select(r => r.Id).ToList(),
            created.Select(c => c.UnitVersionId).ToList(),
            transfers.Select(t => new UnitTransfer(t.From.Id, t.From.Code, t.To.UnitVersionId, t.To.Code, t.Transfer.Kind)).ToList());
        var retiredEvents = retired.Select(r => new UnitVersionRetired(
            r.Id, r.Code, command.EffectiveDate, reformId, legalReference,
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
        var context = await ReadContext(command, session, ct);
        if (Check(command, context) is { } problem)
        {
            return Results.Problem(problem);
        }

        var (reform, retired, created) = Decide(command, context);
        session.Events.StartStream(reformId, reform);
        foreach (var e in retired)
        {
            var stream = await session.Events.FetchForExclusiveWriting<AdministrativeUnit>(e.UnitVersionId, ct);
            stream.AppendOne(e);
        }
        foreach (var e in created)
        {
            session.Events.StartStream<AdministrativeUnit>(e.UnitVersionId, e);
        }
        return Results.Created($"/api/v1/reforms/{reformId}", new Recorded(reformId, 1));
    }
}

/// <summary>What the rules of a reform read from the recorded units.</summary>
/// <param name="InForceBefore">The version each code to retire bore the day before the effective date, where one did.</param>
/// <param name="InForceOn">The version each code the created units, their parents and the transfer targets name bore on the effective date, where one did.</param>
/// <param name="UnderRetiring">Versions in force whose parent is one of <paramref name="InForceBefore"/>.</param>
public sealed record ReformContext(
    IReadOnlyDictionary<string, AdministrativeUnit> InForceBefore,
    IReadOnlyDictionary<string, AdministrativeUnit> InForceOn,
    IReadOnlyList<AdministrativeUnit> UnderRetiring)
{
    /// <summary>The version a reform can retire: in force the day before, and not already retired by another reform.</summary>
    public AdministrativeUnit? Retiring(string code) => InForceBefore.TryGetValue(code, out var unit) && unit.ValidTo is null ? unit : null;

    public bool IsRetiring(Guid id) => InForceBefore.Values.Any(r => r.Id == id);

    /// <summary>A version in force on the effective date that the reform does not retire: parents and transfer targets may be among them.</summary>
    public AdministrativeUnit? Staying(string code) => InForceOn.TryGetValue(code, out var unit) && !IsRetiring(unit.Id) ? unit : null;
}
