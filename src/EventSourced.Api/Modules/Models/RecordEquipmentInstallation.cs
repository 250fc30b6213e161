using System.Text.Json.Serialization;
using EventSourced.Api.Infrastructure;
using EventSourced.Api.Ledger;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourced.Api.Modules.Models;

/// <summary>Record security cameras and recorders (đầu thu) installed for the model.</summary>
/// <param name="InstalledOn">Date of the installation.</param>
/// <param name="Cameras">Cameras installed (0 or more).</param>
/// <param name="Recorders">Recorders installed (0 or more); at least one piece of equipment in all.</param>
public sealed record RecordEquipmentInstallation([property: JsonRequired] DateOnly InstalledOn, int Cameras, int Recorders)
{
    /// <summary>Eight cameras and one recorder at an apartment block.</summary>
    public static RecordEquipmentInstallation Example => new(new DateOnly(2023, 5, 20), 8, 1);
}

public sealed class RecordEquipmentInstallationValidator : AbstractValidator<RecordEquipmentInstallation>
{
    public RecordEquipmentInstallationValidator(TimeProvider time)
    {
        RuleFor(c => c.InstalledOn).PastDate(time);
        RuleFor(c => c.Cameras).Count();
        RuleFor(c => c.Recorders).Count();
        RuleFor(c => c).Must(c => c.Cameras + c.Recorders > 0).OverridePropertyName("cameras").WithMessage("Record at least one camera or recorder.");
    }
}

public static class RecordEquipmentInstallationEndpoint
{
    public static ProblemDetails? Check(RecordEquipmentInstallation command, SecurityModel model) =>
        ModelRules.OperatingOn(model, command.InstalledOn, "installedOn");

    public static EquipmentInstalled Decide(RecordEquipmentInstallation command, SecurityModel model, UnitSnapshot unit, Guid recordId) =>
        new(model.Id, recordId, unit, command.InstalledOn, command.Cameras, command.Recorders);

    /// <summary>Record cameras and recorders installed (rule 6).</summary>
    [Authorize(Policy = Access.Record)]
    [WolverinePost("/api/v1/models/{modelId}/equipment/installations")]
    [Tags("Models")]
    [ProducesResponseType<Recorded>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed, "application/problem+json")]
    public static async Task<IResult> Post(Guid modelId, RecordEquipmentInstallation command, IDocumentSession session, [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct)
    {
        var write = new ModelWrite(session, modelId, ct);
        if ((await write.Open(ifMatch) ?? Check(command, write.Model) ?? await write.Place(command.InstalledOn)) is { } refused)
        {
            return Results.Problem(refused);
        }
        var recorded = Decide(command, write.Model, write.Unit, Ids.New());
        return Results.Ok(new Recorded(recorded.RecordId, write.Append(recorded)));
    }
}
