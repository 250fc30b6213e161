using System.Text.Json.Serialization;
using EventSourced.Api.Infrastructure;
using EventSourced.Api.Ledger;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourced.Api.Modules.Models;

/// <summary>Record many patrol shifts of one model at once: a month's register, or a backfill of old paper records.</summary>
/// <param name="Shifts">The shifts, each as for a single shift (1 to 200).</param>
public sealed record RecordPatrols([property: JsonRequired] IReadOnlyList<RecordPatrol> Shifts)
{
    public const int MaxShifts = 200;

    /// <summary>Two evenings of the same team.</summary>
    public static RecordPatrols Example => new([
        RecordPatrol.Example,
        RecordPatrol.Example with { ShiftStart = RecordPatrol.Example.ShiftStart.AddDays(1), ShiftEnd = RecordPatrol.Example.ShiftEnd.AddDays(1), Participants = 6 },
    ]);
}

public sealed class RecordPatrolsValidator : AbstractValidator<RecordPatrols>
{
    public RecordPatrolsValidator(TimeProvider time)
    {
        RuleFor(c => c.Shifts).NotNull().Must(s => s is { Count: >= 1 and <= RecordPatrols.MaxShifts })
            .WithMessage($"Give 1 to {RecordPatrols.MaxShifts} shifts.");
        RuleForEach(c => c.Shifts).NotNull().SetValidator(new RecordPatrolValidator(time));
    }
}

public static partial class RecordPatrolsEndpoint
{
    /// <summary>State rules, per shift: the model was operating when each shift started; the problem names the shift.</summary>
    public static ProblemDetails? Check(RecordPatrols command, SecurityModel model)
    {
        for (var i = 0; i < command.Shifts.Count; i++)
        {
            if (ModelRules.OperatingOn(model, VietnamTime.DateOf(command.Shifts[i].ShiftStart), $"shifts[{i}].shiftStart") is { } problem)
            {
                return problem;
            }
        }
        return null;
    }
}

public static partial class RecordPatrolsEndpoint
{
    /// <summary>Record up to 200 patrol shifts of a model in one transaction.</summary>
    /// <remarks>All or nothing: one shift at fault and none is recorded (the problem names it, e.g.
    /// <c>shifts[3].shiftEnd</c>). Each shift is placed in the unit its model was in on its own date, across reforms.
    /// 409 when the model was discontinued by a shift's date; 422 when a shift is before the launch or after a split.</remarks>
    [Authorize(Policy = Access.Record)]
    [WolverinePost("/api/v1/models/{modelId}/patrols/batch")]
    [Tags("Models")]
    [ProducesResponseType<PatrolsAccepted>(StatusCodes.Status201Created)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Post(Guid modelId, RecordPatrols command, IDocumentSession session, [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct)
    {
        var write = new ModelWrite(session, modelId, ct);
        if ((await write.Open(ifMatch) ?? Check(command, write.Model)) is { } refused)
        {
            return Results.Problem(refused);
        }
        var recorded = new List<PatrolRecorded>(command.Shifts.Count);
        for (var i = 0; i < command.Shifts.Count; i++)
        {
            if (await write.Place(VietnamTime.DateOf(command.Shifts[i].ShiftStart), $"shifts[{i}].shiftStart") is { } split)
            {
                return Results.Problem(split);
            }
            recorded.Add(RecordPatrolEndpoint.Decide(command.Shifts[i], write.Model, write.Unit, Ids.New()));
        }
        return Results.Created($"/api/v1/models/{modelId}", new PatrolsAccepted([.. recorded.Select(e => e.PatrolId)], modelId, write.Append(recorded)));
    }
}

/// <summary>Shifts recorded together.</summary>
/// <param name="PatrolIds">Their ids, in the order given.</param>
/// <param name="ModelId">The model.</param>
/// <param name="ModelVersion">The model's stream version after the write.</param>
public sealed record PatrolsAccepted(IReadOnlyList<Guid> PatrolIds, Guid ModelId, long ModelVersion);
