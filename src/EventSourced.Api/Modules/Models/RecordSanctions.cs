using System.Text.Json.Serialization;
using EventSourced.Api.Infrastructure;
using EventSourced.Api.Ledger;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourced.Api.Modules.Models;

/// <summary>Record administrative sanctions imposed on what the model found outside a recorded shift. Counts only: the
/// people sanctioned are never named (rule 12).</summary>
/// <param name="ImposedOn">Date the sanctions were imposed.</param>
/// <param name="Sanctions">How many of each kind; at least one.</param>
public sealed record RecordSanctions([property: JsonRequired] DateOnly ImposedOn, [property: JsonRequired] SanctionCounts Sanctions)
{
    /// <summary>Two fines and a warning.</summary>
    public static RecordSanctions Example => new(new DateOnly(2023, 6, 12), new SanctionCounts(2, 1, 0));
}

public sealed class RecordSanctionsValidator : AbstractValidator<RecordSanctions>
{
    public RecordSanctionsValidator(TimeProvider time)
    {
        RuleFor(c => c.ImposedOn).PastDate(time);
        RuleFor(c => c.Sanctions).NotNull();
        When(c => c.Sanctions is not null, () =>
        {
            RuleFor(c => c.Sanctions.Fines).Count();
            RuleFor(c => c.Sanctions.Warnings).Count();
            RuleFor(c => c.Sanctions.Other).Count();
            RuleFor(c => c.Sanctions).Must(s => s.Total > 0).WithMessage("Record at least one sanction.");
        });
    }
}

public static class RecordSanctionsEndpoint
{
    public static ProblemDetails? Check(RecordSanctions command, SecurityModel model) => ModelRules.OperatingOn(model, command.ImposedOn, "imposedOn");

    public static SanctionsRecorded Decide(RecordSanctions command, SecurityModel model, UnitSnapshot unit, Guid recordId) =>
        new(model.Id, recordId, unit, command.ImposedOn, command.Sanctions);

    /// <summary>Record administrative sanctions outside a shift (a shift's own sanctions come with the shift).</summary>
    [Authorize(Policy = Access.Record)]
    [WolverinePost("/api/v1/models/{modelId}/sanctions")]
    [Tags("Models")]
    [ProducesResponseType<Recorded>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed, "application/problem+json")]
    public static async Task<IResult> Post(Guid modelId, RecordSanctions command, IDocumentSession session, [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct)
    {
        var write = new ModelWrite(session, modelId, ct);
        if ((await write.Open(ifMatch) ?? Check(command, write.Model) ?? await write.Place(command.ImposedOn)) is { } refused)
        {
            return Results.Problem(refused);
        }
        var recorded = Decide(command, write.Model, write.Unit, Ids.New());
        return Results.Ok(new Recorded(recorded.RecordId, write.Append(recorded)));
    }
}
