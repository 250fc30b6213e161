using System.Text.Json.Serialization;
using EventSourced.Api.Infrastructure;
using EventSourced.Api.Ledger;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourced.Api.Modules.Models;

/// <summary>Record that an investigating body prosecuted (khởi tố) a case the model had detected.</summary>
/// <param name="ProsecutedOn">Date of the decision to prosecute; on or after the detection.</param>
/// <param name="InvestigatingBody">Who prosecuted it, e.g. Cơ quan Cảnh sát điều tra Công an Quận 4.</param>
public sealed record RecordProsecution([property: JsonRequired] DateOnly ProsecutedOn, [property: JsonRequired] string InvestigatingBody)
{
    /// <summary>Prosecuted by the district's investigation police.</summary>
    public static RecordProsecution Example => new(new DateOnly(2023, 7, 3), "Cơ quan Cảnh sát điều tra Công an Quận 4");
}

public sealed class RecordProsecutionValidator : AbstractValidator<RecordProsecution>
{
    public RecordProsecutionValidator(TimeProvider time)
    {
        RuleFor(c => c.ProsecutedOn).PastDate(time);
        RuleFor(c => c.InvestigatingBody).RequiredText();
    }
}

public static class RecordProsecutionEndpoint
{
    /// <summary>Rule 5: prosecution requires a detection, and comes on or after it. A case detected before the model
    /// was discontinued may still be prosecuted after.</summary>
    public static ProblemDetails? Check(Guid caseId, RecordProsecution command, SecurityModel model)
    {
        var registered = model.Cases.FirstOrDefault(c => c.CaseId == caseId);
        if (registered is null)
        {
            return Problems.NotFound($"No case {caseId} is registered for model {model.Id}; a prosecution needs a detection.");
        }
        if (command.ProsecutedOn < registered.DetectedOn)
        {
            return Problems.RuleViolated(
                $"Case {registered.CaseReference} was detected on {registered.DetectedOn:yyyy-MM-dd}; it cannot be prosecuted before that.", "prosecutedOn");
        }
        return registered.ProsecutedOn is { } on && on != command.ProsecutedOn
            ? Problems.Conflict($"Case {registered.CaseReference} was already prosecuted on {on:yyyy-MM-dd}.")
            : null;
    }

    /// <summary>The same prosecution reported again changes nothing.</summary>
    public static IReadOnlyList<CaseProsecuted> Decide(Guid caseId, RecordProsecution command, SecurityModel model, UnitSnapshot unit) =>
        model.Cases.Single(c => c.CaseId == caseId).ProsecutedOn is not null
            ? []
            : [new CaseProsecuted(model.Id, caseId, unit, command.ProsecutedOn, command.InvestigatingBody.Trim())];

    /// <summary>Record the prosecution of a registered case.</summary>
    /// <remarks>404 when the case is not in the model's register; 422 when the date is before the detection; 409 when it
    /// was already prosecuted on another date. The same prosecution again answers 200 and appends nothing.</remarks>
    [Authorize(Policy = Access.Record)]
    [WolverinePost("/api/v1/models/{modelId}/cases/{caseId}/prosecution")]
    [Tags("Models")]
    [ProducesResponseType<Recorded>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed, "application/problem+json")]
    public static async Task<IResult> Post(Guid modelId, Guid caseId, RecordProsecution command, IDocumentSession session, [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct)
    {
        var write = new ModelWrite(session, modelId, ct);
        if ((await write.Open(ifMatch) ?? Check(caseId, command, write.Model) ?? await write.Place(command.ProsecutedOn)) is { } refused)
        {
            return Results.Problem(refused);
        }
        return Results.Ok(new Recorded(caseId, write.Append(Decide(caseId, command, write.Model, write.Unit))));
    }
}
