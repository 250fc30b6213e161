using System.Text.Json.Serialization;
using EventSourced.Api.Infrastructure;
using EventSourced.Api.Ledger;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourced.Api.Modules.Models;

/// <summary>Record a patrol shift (ca tuần tra) of a model and what the shift found.</summary>
/// <param name="ShiftStart">When the shift started, with its UTC offset (Vietnam: +07:00).</param>
/// <param name="ShiftEnd">When the shift ended; after the start, at most 24 hours later, not in the future.</param>
/// <param name="Participants">People on the shift (at least 1).</param>
/// <param name="Inspections">Administrative inspections (kiểm tra hành chính) carried out with the ward police.</param>
/// <param name="Sanctions">Administrative sanctions imposed, by kind; omitted means none.</param>
/// <param name="CasesDetected">Cases the shift detected (later prosecution is recorded separately).</param>
public sealed record RecordPatrol(
    [property: JsonRequired] DateTimeOffset ShiftStart,
    [property: JsonRequired] DateTimeOffset ShiftEnd,
    [property: JsonRequired] int Participants,
    int Inspections,
    SanctionCounts? Sanctions,
    int CasesDetected)
{
    /// <summary>An evening shift of seven people that ran two inspections with the ward police.</summary>
    public static RecordPatrol Example => new(
        new DateTimeOffset(2023, 5, 6, 19, 0, 0, VietnamTime.Offset), new DateTimeOffset(2023, 5, 6, 23, 0, 0, VietnamTime.Offset),
        7, 2, new SanctionCounts(1, 0, 0), 0);
}

public sealed class RecordPatrolValidator : AbstractValidator<RecordPatrol>
{
    public static readonly TimeSpan MaxShiftLength = TimeSpan.FromHours(24);

    /// <summary>Agency clocks drift; a shift that ended a few minutes "from now" is still a past shift.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    public RecordPatrolValidator(TimeProvider time)
    {
        RuleFor(c => c.ShiftStart).NotEmpty()
            .Must(s => VietnamTime.DateOf(s) >= CommonRules.EarliestDate).WithMessage("'{PropertyName}' is before 1990.");
        RuleFor(c => c.ShiftEnd).NotEmpty()
            .GreaterThan(c => c.ShiftStart).WithMessage("'{PropertyName}' must be after 'shiftStart'.")
            .Must((c, end) => end - c.ShiftStart <= MaxShiftLength).WithMessage("A shift lasts at most 24 hours.")
            .Must(end => end <= time.GetUtcNow() + ClockSkew).WithMessage("'{PropertyName}' may not be in the future.");
        RuleFor(c => c.Participants).InclusiveBetween(1, CommonRules.MaxCount);
        RuleFor(c => c.Inspections).Count();
        RuleFor(c => c.CasesDetected).Count();
        When(c => c.Sanctions is not null, () =>
        {
            RuleFor(c => c.Sanctions!.Fines).Count();
            RuleFor(c => c.Sanctions!.Warnings).Count();
            RuleFor(c => c.Sanctions!.Other).Count();
        });
    }
}

public static partial class RecordPatrolEndpoint
{
    /// <summary>State rules: a shift can only be recorded for a model that was operating when the shift started.</summary>
    public static ProblemDetails? Check(RecordPatrol command, SecurityModel model) =>
        ModelRules.OperatingOn(model, VietnamTime.DateOf(command.ShiftStart), "shiftStart");

    public static PatrolRecorded Decide(RecordPatrol command, SecurityModel model, UnitSnapshot unit, Guid patrolId) => new(
        model.Id,
        patrolId,
        unit,
        command.ShiftStart,
        command.ShiftEnd,
        command.Participants,
        command.Inspections,
        command.Sanctions ?? SanctionCounts.None,
        command.CasesDetected);
}

public static partial class RecordPatrolEndpoint
{
    /// <summary>Record a patrol shift of a model.</summary>
    /// <remarks>
    /// Writers to one model queue on the stream's lock, so parallel shifts are all recorded and the totals never lose
    /// one. 409 when the model was discontinued by the shift's date; 422 when the shift is before the launch date.
    /// </remarks>
    [Authorize(Policy = Access.Record)]
    [WolverinePost("/api/v1/models/{modelId}/patrols")]
    [Tags("Models")]
    [ProducesResponseType<PatrolAccepted>(StatusCodes.Status201Created)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed, "application/problem+json")]
    public static async Task<IResult> Post(Guid modelId, RecordPatrol command, IDocumentSession session, [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct)
    {
        var write = new ModelWrite(session, modelId, ct);
        if ((await write.Open(ifMatch) ?? Check(command, write.Model) ?? await write.Place(VietnamTime.DateOf(command.ShiftStart))) is { } refused)
        {
            return Results.Problem(refused);
        }
        var recorded = Decide(command, write.Model, write.Unit, Ids.New());
        return Results.Created($"/api/v1/models/{modelId}/patrols/{recorded.PatrolId}", new PatrolAccepted(recorded.PatrolId, modelId, write.Append(recorded)));
    }
}

/// <summary>A recorded patrol shift.</summary>
/// <param name="PatrolId">Id of the shift.</param>
/// <param name="ModelId">The model it belongs to.</param>
/// <param name="ModelVersion">The model's stream version after the write.</param>
public sealed record PatrolAccepted(Guid PatrolId, Guid ModelId, long ModelVersion);
