using System.Text.Json.Serialization;
using EventSourced.Api.Infrastructure;
using EventSourced.Api.Ledger;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourced.Api.Modules.Models;

/// <summary>Record cameras and recorders taken out of service.</summary>
/// <param name="DecommissionedOn">Date they were taken out of service.</param>
/// <param name="Cameras">Cameras removed (0 or more).</param>
/// <param name="Recorders">Recorders removed (0 or more); at least one piece of equipment in all.</param>
public sealed record RecordEquipmentDecommissioning([property: JsonRequired] DateOnly DecommissionedOn, int Cameras, int Recorders)
{
    /// <summary>Two worn-out cameras replaced.</summary>
    public static RecordEquipmentDecommissioning Example => new(new DateOnly(2023, 11, 2), 2, 0);
}

public sealed class RecordEquipmentDecommissioningValidator : AbstractValidator<RecordEquipmentDecommissioning>
{
    public RecordEquipmentDecommissioningValidator(TimeProvider time)
    {
        RuleFor(c => c.DecommissionedOn).PastDate(time);
        RuleFor(c => c.Cameras).Count();
        RuleFor(c => c.Recorders).Count();
        RuleFor(c => c).Must(c => c.Cameras + c.Recorders > 0).OverridePropertyName("cameras").WithMessage("Record at least one camera or recorder.");
    }
}

public static class RecordEquipmentDecommissioningEndpoint
{
    /// <summary>Equipment can be taken out of service after the model stopped, but never more than was in service on
    /// that date or on any later one (a late report included).</summary>
    public static ProblemDetails? Check(RecordEquipmentDecommissioning command, SecurityModel model)
    {
        if (command.DecommissionedOn < model.LaunchDate)
        {
            return Problems.RuleViolated($"Model {model.Id} was launched on {model.LaunchDate:yyyy-MM-dd}; nothing was in service before.", "decommissionedOn");
        }
        var (cameras, recorders) = model.EquipmentOn(command.DecommissionedOn);
        return model.KeepsEquipmentNonNegative(new EquipmentChange(command.DecommissionedOn, -command.Cameras, -command.Recorders))
            ? null
            : Problems.RuleViolated(
                $"Model {model.Id} had {cameras} cameras and {recorders} recorders in service on {command.DecommissionedOn:yyyy-MM-dd}; "
                + "more cannot be taken out of service (then or later).", "cameras");
    }

    public static EquipmentDecommissioned Decide(RecordEquipmentDecommissioning command, SecurityModel model, UnitSnapshot unit, Guid recordId) =>
        new(model.Id, recordId, unit, command.DecommissionedOn, command.Cameras, command.Recorders);

    /// <summary>Record cameras and recorders taken out of service (rule 6).</summary>
    [Authorize(Policy = Access.Record)]
    [WolverinePost("/api/v1/models/{modelId}/equipment/decommissionings")]
    [Tags("Models")]
    [ProducesResponseType<Recorded>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed, "application/problem+json")]
    public static async Task<IResult> Post(Guid modelId, RecordEquipmentDecommissioning command, IDocumentSession session, [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct)
    {
        var write = new ModelWrite(session, modelId, ct);
        if ((await write.Open(ifMatch) ?? Check(command, write.Model) ?? await write.Place(command.DecommissionedOn)) is { } refused)
        {
            return Results.Problem(refused);
        }
        var recorded = Decide(command, write.Model, write.Unit, Ids.New());
        return Results.Ok(new Recorded(recorded.RecordId, write.Append(recorded)));
    }
}
