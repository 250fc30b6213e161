using System.Text.Json.Serialization;
using EventSourced.Api.Infrastructure;
using EventSourced.Api.Ledger;
using FluentValidation;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourced.Api.Modules.Models;

/// <summary>Correct the counts of a recorded patrol shift, inspections or sanctions record, with the reason and the approver.</summary>
/// <param name="EventId">The event that recorded it (the eventId of the unit's history).</param>
/// <param name="CorrectedOn">From which business date the corrected counts apply (the date of the approval).</param>
/// <param name="Participants">The right number of participants (patrol shifts).</param>
/// <param name="Inspections">The right number of inspections.</param>
/// <param name="Sanctions">The right sanctions by kind.</param>
/// <param name="CasesDetected">The right number of cases detected (patrol shifts).</param>
/// <param name="Reason">Why the record was wrong.</param>
/// <param name="Approver">Who approved the correction.</param>
public sealed record CorrectRecord(
    [property: JsonRequired] Guid EventId,
    [property: JsonRequired] DateOnly CorrectedOn,
    int? Participants,
    int? Inspections,
    SanctionCounts? Sanctions,
    int? CasesDetected,
    [property: JsonRequired] string Reason,
    [property: JsonRequired] Approver Approver)
{
    /// <summary>A shift's headcount entered as 7 instead of 9, corrected on the ward's approval.</summary>
    public static CorrectRecord Example => new(Guid.Parse("01a20920-0f7f-7000-a5f8-4df13855d7de"), new DateOnly(2023, 6, 1), 9, null, null, null,
        "Nhập nhầm số người tham gia ca tuần tra", new Approver("Trần Văn Minh", "Trưởng Công an phường"));
}

public sealed class CorrectRecordValidator : AbstractValidator<CorrectRecord>
{
    public CorrectRecordValidator(TimeProvider time)
    {
        RuleFor(c => c.EventId).NotEmpty();
        RuleFor(c => c.CorrectedOn).PastDate(time);
        RuleFor(c => c.Participants!.Value).InclusiveBetween(1, CommonRules.MaxCount).When(c => c.Participants is not null).OverridePropertyName("participants");
        RuleFor(c => c.Inspections!.Value).Count().When(c => c.Inspections is not null).OverridePropertyName("inspections");
        RuleFor(c => c.CasesDetected!.Value).Count().When(c => c.CasesDetected is not null).OverridePropertyName("casesDetected");
        When(c => c.Sanctions is not null, () =>
        {
            RuleFor(c => c.Sanctions!.Fines).Count();
            RuleFor(c => c.Sanctions!.Warnings).Count();
            RuleFor(c => c.Sanctions!.Other).Count();
        });
        RuleFor(c => c).Must(c => c.Participants is not null || c.Inspections is not null || c.Sanctions is not null || c.CasesDetected is not null)
            .WithName("participants").OverridePropertyName("participants").WithMessage("Give at least one corrected count.");
        RuleFor(c => c.Reason).RequiredText();
        RuleFor(c => c.Approver).NotNull();
        When(c => c.Approver is not null, () =>
        {
            RuleFor(c => c.Approver.Name).RequiredText();
            RuleFor(c => c.Approver.Position).RequiredText();
        });
    }
}

/// <summary>
/// What corrections and retractions share: the record they amend must be a patrol shift, inspections or sanctions
/// record of this model, not withdrawn already, and amended on or after its date and its previous amendment.
/// </summary>
public static class AmendedRecord
{
    public static async Task<(IEvent? Event, ProblemDetails? Problem)> Find(IDocumentSession session, Guid modelId, Guid eventId, CancellationToken ct)
    {
        var target = await session.Events.LoadAsync(eventId, ct);
        if (target is null || target.StreamId != modelId)
        {
            return (null, Problems.RuleViolated($"Model {modelId} has no event {eventId}.", "eventId"));
        }
        return RecordCounts.Of(target.Data) is null
            ? (null, Problems.RuleViolated($"Event {eventId} is a {target.EventTypeName}; only patrol shifts, inspections and sanctions records can be amended.", "eventId"))
            : (target, null);
    }

    public static Guid RecordIdOf(IEvent target) => target.Data switch
    {
        PatrolRecorded p => p.PatrolId,
        InspectionsRecorded i => i.RecordId,
        SanctionsRecorded s => s.RecordId,
        _ => throw new InvalidOperationException($"{target.EventTypeName} is not an amendable record."),
    };

    public static ProblemDetails? Check(SecurityModel model, IEvent target, DateOnly amendedOn, string field)
    {
        var activity = (IUnitActivity)target.Data;
        var latest = model.LatestAmendmentOf(RecordIdOf(target));
        if (latest is { Kind: AmendmentKind.Retracted })
        {
            return Problems.Conflict($"That record was retracted on {latest.On:yyyy-MM-dd}.");
        }
        if (amendedOn < activity.OccurredOn)
        {
            return Problems.RuleViolated($"The record is of {activity.OccurredOn:yyyy-MM-dd}; it cannot be amended before that.", field);
        }
        return latest is not null && amendedOn < latest.On
            ? Problems.RuleViolated($"The record was last amended with effect from {latest.On:yyyy-MM-dd}; a later amendment cannot take effect before that.", field)
            : null;
    }

    /// <summary>The record's counts as they stand, and the figures' fact that stands for them.</summary>
    public static (RecordCounts Counts, Guid FactId) Current(SecurityModel model, IEvent target)
    {
        var recordId = RecordIdOf(target);
        return model.LatestAmendmentOf(recordId) is { } latest ? (latest.Counts, latest.FactId) : (RecordCounts.Of(target.Data)!, recordId);
    }
}

public static partial class CorrectRecordEndpoint
{
    public static ProblemDetails? Check(CorrectRecord command, SecurityModel model, IEvent target)
    {
        if (AmendedRecord.Check(model, target, command.CorrectedOn, "correctedOn") is { } problem)
        {
            return problem;
        }
        if (target.Data is not PatrolRecorded && (command.Participants is not null || command.CasesDetected is not null))
        {
            return Problems.RuleViolated($"Event {command.EventId} is a {target.EventTypeName}: it has no participants or cases to correct.",
                command.Participants is not null ? "participants" : "casesDetected");
        }
        if (target.Data is InspectionsRecorded && command.Sanctions is not null)
        {
            return Problems.RuleViolated("An inspections record has no sanctions to correct.", "sanctions");
        }
        if (target.Data is SanctionsRecorded && command.Inspections is not null)
        {
            return Problems.RuleViolated("A sanctions record has no inspections to correct.", "inspections");
        }
        var (was, _) = AmendedRecord.Current(model, target);
        return Corrected(command, was) == was ? Problems.RuleViolated("Those are the record's counts already; nothing to correct.", "eventId") : null;
    }

    public static RecordCounts Corrected(CorrectRecord command, RecordCounts was) => was with
    {
        Participations = command.Participants ?? was.Participations,
        Inspections = command.Inspections ?? was.Inspections,
        Sanctions = command.Sanctions ?? was.Sanctions,
        CasesDetected = command.CasesDetected ?? was.CasesDetected,
    };

    public static RecordCorrected Decide(CorrectRecord command, SecurityModel model, IEvent target, Guid correctionId)
    {
        var (was, factId) = AmendedRecord.Current(model, target);
        var activity = (IUnitActivity)target.Data;
        return new RecordCorrected(model.Id, correctionId, target.Id, target.EventTypeName, AmendedRecord.RecordIdOf(target), factId, activity.Unit,
            activity.OccurredOn, command.CorrectedOn, was, Corrected(command, was), command.Reason.Trim(),
            command.Approver.Trimmed());
    }
}

public static partial class CorrectRecordEndpoint
{
    /// <summary>Correct a recorded activity's counts (CorrectRecord).</summary>
    /// <remarks>The original event is kept; the correction is a new event naming it, with the reason and the approver.
    /// Figures use the corrected counts for dates from <c>correctedOn</c>; asked as of an earlier date or as known
    /// before the correction was recorded, they still show the original. 422 when the event is not an amendable
    /// record of this model; 409 when the record was retracted.</remarks>
    [Authorize(Policy = Access.Record)]
    [WolverinePost("/api/v1/models/{modelId}/corrections")]
    [Tags("Models")]
    [ProducesResponseType<Recorded>(StatusCodes.Status201Created)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Post(Guid modelId, CorrectRecord command, IDocumentSession session, [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct)
    {
        var (target, problem) = await AmendedRecord.Find(session, modelId, command.EventId, ct);
        if (problem is not null)
        {
            return Results.Problem(problem);
        }
        var write = new ModelWrite(session, modelId, ct);
        // The amended record stays where it was placed; placing the correction's date still refuses a date past a split.
        if ((await write.Open(ifMatch) ?? Check(command, write.Model, target!) ?? await write.Place(command.CorrectedOn)) is { } refused)
        {
            return Results.Problem(refused);
        }
        var corrected = Decide(command, write.Model, target!, Ids.New());
        return Results.Created($"/api/v1/models/{modelId}", new Recorded(corrected.CorrectionId, write.Append(corrected)));
    }
}
