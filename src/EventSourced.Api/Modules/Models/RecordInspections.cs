using System.Text.Json.Serialization;
using EventSourced.Api.Infrastructure;
using EventSourced.Api.Ledger;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourced.Api.Modules.Models;

/// <summary>Record administrative inspections the model carried out with the ward police outside a recorded shift.</summary>
/// <param name="ConductedOn">Date of the inspections.</param>
/// <param name="Inspections">How many (lượt), at least 1.</param>
public sealed record RecordInspections([property: JsonRequired] DateOnly ConductedOn, [property: JsonRequired] int Inspections)
{
    /// <summary>Three inspections of boarding houses with the ward police.</summary>
    public static RecordInspections Example => new(new DateOnly(2023, 6, 12), 3);
}

public sealed class RecordInspectionsValidator : AbstractValidator<RecordInspections>
{
    public RecordInspectionsValidator(TimeProvider time)
    {
        RuleFor(c => c.ConductedOn).PastDate(time);
        RuleFor(c => c.Inspections).InclusiveBetween(1, CommonRules.MaxCount);
    }
}

public static class RecordInspectionsEndpoint
{
    public static ProblemDetails? Check(RecordInspections command, SecurityModel model) => ModelRules.OperatingOn(model, command.ConductedOn, "conductedOn");

    public static InspectionsRecorded Decide(RecordInspections command, SecurityModel model, UnitSnapshot unit, Guid recordId) =>
        new(model.Id, recordId, unit, command.ConductedOn, command.Inspections);

    /// <summary>Record administrative inspections outside a shift (a shift's own inspections come with the shift).</summary>
    [Authorize(Policy = Access.Record)]
    [WolverinePost("/api/v1/models/{modelId}/inspections")]
    [Tags("Models")]
    [ProducesResponseType<Recorded>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed, "application/problem+json")]
    public static async Task<IResult> Post(Guid modelId, RecordInspections command, IDocumentSession session, [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct)
    {
        var write = new ModelWrite(session, modelId, ct);
        if ((await write.Open(ifMatch) ?? Check(command, write.Model) ?? await write.Place(command.ConductedOn)) is { } refused)
        {
            return Results.Problem(refused);
        }
        var recorded = Decide(command, write.Model, write.Unit, Ids.New());
        return Results.Ok(new Recorded(recorded.RecordId, write.Append(recorded)));
    }
}
