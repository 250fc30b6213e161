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

/// <summary>Withdraw a patrol shift, inspections or sanctions record entered in error, with the reason and the approver.</summary>
/// <param name="EventId">The event that recorded it (the eventId of the unit's history).</param>
/// <param name="RetractedOn">From which business date it no longer counts.</param>
/// <param name="Reason">Why it was recorded in error.</param>
/// <param name="Approver">Who approved the retraction.</param>
public sealed record RetractRecord(
    [property: JsonRequired] Guid EventId,
    [property: JsonRequired] DateOnly RetractedOn,
    [property: JsonRequired] string Reason,
    [property: JsonRequired] Approver Approver)
{
    /// <summary>A shift entered twice.</summary>
    public static RetractRecord Example => new(Guid.Parse("01a20920-0f7f-7000-a5f8-4df13855d7de"), new DateOnly(2023, 6, 1),
        "Ca tuần tra bị nhập trùng", new Approver("Trần Văn Minh", "Trưởng Công an phường"));
}

public sealed class RetractRecordValidator : AbstractValidator<RetractRecord>
{
    public RetractRecordValidator(TimeProvider time)
    {
        RuleFor(c => c.EventId).NotEmpty();
        RuleFor(c => c.RetractedOn).PastDate(time);
        RuleFor(c => c.Reason).RequiredText();
        RuleFor(c => c.Approver).NotNull();
        When(c => c.Approver is not null, () =>
        {
            RuleFor(c => c.Approver.Name).RequiredText();
            RuleFor(c => c.Approver.Position).RequiredText();
        });
    }
}

public static partial class RetractRecordEndpoint
{
    public static RecordRetracted Decide(RetractRecord command, SecurityModel model, IEvent target)
    {
        var (was, factId) = AmendedRecord.Current(model, target);
        var activity = (IUnitActivity)target.Data;
        return new RecordRetracted(model.Id, target.Id, target.EventTypeName, AmendedRecord.RecordIdOf(target), factId, activity.Unit,
            activity.OccurredOn, command.RetractedOn, was, command.Reason.Trim(),
            command.Approver.Trimmed());
    }
}

public static partial class RetractRecordEndpoint
{
    /// <summary>Withdraw a recorded activity entered in error (RetractRecord).</summary>
    /// <remarks>The original event is kept; the retraction names it, with the reason and the approver. From
    /// <c>retractedOn</c> the record no longer counts; as of earlier dates, or as known before the retraction, it still
    /// does. 409 when it was retracted already.</remarks>
    [Authorize(Policy = Access.Record)]
    [WolverinePost("/api/v1/models/{modelId}/retractions")]
    [Tags("Models")]
    [ProducesResponseType<Recorded>(StatusCodes.Status201Created)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    public static async Task<IResult> Post(Guid modelId, RetractRecord command, IDocumentSession session, [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct)
    {
        var (target, problem) = await AmendedRecord.Find(session, modelId, command.EventId, ct);
        if (problem is not null)
        {
            return Results.Problem(problem);
        }
        var write = new ModelWrite(session, modelId, ct);
        // The retracted record stays where it was placed; placing the retraction's date still refuses a date past a split.
        if ((await write.Open(ifMatch) ?? AmendedRecord.Check(write.Model, target!, command.RetractedOn, "retractedOn") ?? await write.Place(command.RetractedOn)) is { } refused)
        {
            return Results.Problem(refused);
        }
        var retracted = Decide(command, write.Model, target!);
        return Results.Created($"/api/v1/models/{modelId}", new Recorded(retracted.RecordId, write.Append(retracted)));
    }
}
