using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using EventSourced.Api.Infrastructure;
using EventSourced.Api.Ledger;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourced.Api.Modules.Models;

/// <summary>Enter a case the model detected in its case register, so that its prosecution can be recorded later.</summary>
/// <param name="DetectedOn">Date the model detected it.</param>
/// <param name="CaseReference">Pseudonymous reference (letters, digits and . / _ : -): never a person's name (rule 12).</param>
/// <param name="PatrolId">The recorded shift that detected it, if one did (it is then already in that shift's count).</param>
public sealed record RecordDetectedCase(
    [property: JsonRequired] DateOnly DetectedOn,
    [property: JsonRequired] string CaseReference,
    Guid? PatrolId)
{
    /// <summary>A theft detected by the apartment team.</summary>
    public static RecordDetectedCase Example => new(new DateOnly(2023, 6, 14), "Q4-2023-0117", null);
}

public sealed partial class RecordDetectedCaseValidator : AbstractValidator<RecordDetectedCase>
{
    public RecordDetectedCaseValidator(TimeProvider time)
    {
        RuleFor(c => c.DetectedOn).PastDate(time);
        RuleFor(c => c.CaseReference).NotEmpty().Must(r => PseudonymousReference().IsMatch(r))
            .WithMessage("'{PropertyName}' must be a pseudonymous reference (letters, digits and . / _ : -, no spaces), never a person's name.");
        RuleFor(c => c.PatrolId).NotEqual(Guid.Empty);
    }

    [GeneratedRegex(@"^[A-Za-z0-9][A-Za-z0-9./_:\-]{0,63}\z")]
    private static partial Regex PseudonymousReference();
}

public static class RecordDetectedCaseEndpoint
{
    public static ProblemDetails? Check(RecordDetectedCase command, SecurityModel model)
    {
        if (model.Cases.FirstOrDefault(c => c.CaseReference == command.CaseReference) is { } known && known.DetectedOn != command.DetectedOn)
        {
            return Problems.Conflict($"Case {command.CaseReference} is already registered as detected on {known.DetectedOn:yyyy-MM-dd}.");
        }
        return ModelRules.OperatingOn(model, command.DetectedOn, "detectedOn");
    }

    /// <summary>The same case reported again changes nothing.</summary>
    public static IReadOnlyList<CaseDetected> Decide(RecordDetectedCase command, SecurityModel model, UnitSnapshot unit, Guid caseId) =>
        model.Cases.Any(c => c.CaseReference == command.CaseReference)
            ? []
            : [new CaseDetected(model.Id, caseId, unit, command.DetectedOn, command.CaseReference, command.PatrolId)];

    /// <summary>Enter a detected case in the model's register.</summary>
    /// <remarks>201 with the case's Location; the same reference and date again answers 200 and appends nothing; 409 for
    /// the same reference on another date; 422 when 'patrolId' is not a shift of this model.</remarks>
    [Authorize(Policy = Access.Record)]
    [WolverinePost("/api/v1/models/{modelId}/cases")]
    [Tags("Models")]
    [ProducesResponseType<Recorded>(StatusCodes.Status201Created)]
    [ProducesResponseType<Recorded>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed, "application/problem+json")]
    public static async Task<IResult> Post(Guid modelId, RecordDetectedCase command, IDocumentSession session, [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct)
    {
        // Shifts are never removed, so one found here stays valid under the stream lock taken next.
        if (command.PatrolId is { } patrolId
            && !(await session.Events.FetchStreamAsync(modelId, token: ct)).Any(e => e.Data is PatrolRecorded p && p.PatrolId == patrolId))
        {
            return Results.Problem(Problems.RuleViolated($"No shift {patrolId} is recorded for model {modelId}.", "patrolId"));
        }
        var write = new ModelWrite(session, modelId, ct);
        if ((await write.Open(ifMatch) ?? Check(command, write.Model) ?? await write.Place(command.DetectedOn)) is { } refused)
        {
            return Results.Problem(refused);
        }
        // A repeat answers with the id the case was registered under.
        var caseId = write.Model.Cases.FirstOrDefault(known => known.CaseReference == command.CaseReference)?.CaseId ?? Ids.New();
        var detected = Decide(command, write.Model, write.Unit, caseId);
        var answer = new Recorded(caseId, write.Append(detected));
        return detected.Count == 0 ? Results.Ok(answer) : Results.Created($"/api/v1/models/{modelId}/cases/{caseId}", answer);
    }
}

public static class GetCaseEndpoint
{
    /// <summary>A case in a model's register, with its prosecution when recorded.</summary>
    [Authorize(Policy = Access.ReadRecords)]
    [WolverineGet("/api/v1/models/{modelId}/cases/{caseId}")]
    [Tags("Models")]
    [ProducesResponseType<RegisteredCase>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(Guid modelId, Guid caseId, IQuerySession session, CancellationToken ct)
    {
        var registered = (await session.LoadAsync<SecurityModel>(modelId, ct))?.Cases.FirstOrDefault(c => c.CaseId == caseId);
        return registered is null
            ? Results.Problem(Problems.NotFound($"No case {caseId} is registered for model {modelId}."))
            : Results.Ok(registered);
    }
}
