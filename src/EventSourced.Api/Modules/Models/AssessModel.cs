using System.Text.Json.Serialization;
using EventSourced.Api.Infrastructure;
using EventSourced.Api.Ledger;
using EventSourced.Api.Modules.Reference;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourced.Api.Modules.Models;

/// <summary>Record an assessment of a model: whether it was operating effectively on a date.</summary>
/// <param name="AssessedOn">Business date of the assessment; not in the future, not before the launch.</param>
/// <param name="Rating">EFFECTIVE or NOT_EFFECTIVE.</param>
/// <param name="AssessedBy">The organisation that assessed it.</param>
/// <param name="Basis">What the assessment rests on, e.g. the review conference.</param>
public sealed record AssessModel(
    [property: JsonRequired] DateOnly AssessedOn,
    [property: JsonRequired] AssessmentRating Rating,
    [property: JsonRequired] Organisation AssessedBy,
    string? Basis)
{
    /// <summary>Rated effective at the ten-year review of the coordination program.</summary>
    public static AssessModel Example => new(new DateOnly(2023, 7, 24), AssessmentRating.Effective, Organisation.Police,
        "Hội nghị tổng kết 10 năm Chương trình phối hợp số 09");
}

public sealed class AssessModelValidator : AbstractValidator<AssessModel>
{
    public AssessModelValidator(TimeProvider time)
    {
        RuleFor(c => c.AssessedOn).PastDate(time);
        RuleFor(c => c.Rating).IsInEnum();
        RuleFor(c => c.AssessedBy).IsInEnum();
        RuleFor(c => c.Basis).OptionalText();
    }
}

public static class AssessModelEndpoint
{
    public static ProblemDetails? Check(AssessModel command, SecurityModel model)
    {
        if (command.AssessedOn < model.LaunchDate)
        {
            return Problems.RuleViolated(
                $"Model {model.Id} was launched on {model.LaunchDate:yyyy-MM-dd}; it cannot be assessed on {command.AssessedOn:yyyy-MM-dd}.", "assessedOn");
        }
        return model.IsDiscontinuedOn(command.AssessedOn)
            ? Problems.Conflict($"Model {model.Id} was discontinued on {model.DiscontinuedOn:yyyy-MM-dd}; there is nothing to assess on {command.AssessedOn:yyyy-MM-dd}.")
            : null;
    }

    public static ModelAssessed Decide(AssessModel command, SecurityModel model, UnitSnapshot unit, Guid assessmentId) =>
        new(model.Id, assessmentId, unit, command.AssessedOn, command.Rating, command.AssessedBy, command.Basis?.Trim());

    /// <summary>Record an assessment of a model (rule 3: "effective" is an assessment, dated).</summary>
    /// <remarks>Late reports are normal: an assessment takes its place by its date. 422 before the launch; 409 on or
    /// after the discontinuation.</remarks>
    [Authorize(Policy = Access.Record)]
    [WolverinePost("/api/v1/models/{modelId}/assessments")]
    [Tags("Models")]
    [ProducesResponseType<Recorded>(StatusCodes.Status201Created)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed, "application/problem+json")]
    public static async Task<IResult> Post(Guid modelId, AssessModel command, IDocumentSession session, [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct)
    {
        var write = new ModelWrite(session, modelId, ct);
        if ((await write.Open(ifMatch) ?? Check(command, write.Model) ?? await write.Place(command.AssessedOn)) is { } refused)
        {
            return Results.Problem(refused);
        }
        var assessed = Decide(command, write.Model, write.Unit, Ids.New());
        return Results.Created($"/api/v1/models/{modelId}/effectiveness?asOf={assessed.AssessedOn:yyyy-MM-dd}", new Recorded(assessed.AssessmentId, write.Append(assessed)));
    }
}

/// <summary>Whether a model was effective on a date, and on what assessment that rests.</summary>
/// <param name="ModelId">The model.</param>
/// <param name="AsOf">The date asked about.</param>
/// <param name="Effective">Rule 3: the latest assessment on or before the date says EFFECTIVE and the model is not discontinued then.</param>
/// <param name="Assessment">The assessment in force on the date, if any.</param>
/// <param name="DiscontinuedOn">When the model stopped operating, if it did.</param>
public sealed record ModelEffectiveness(Guid ModelId, DateOnly AsOf, bool Effective, Assessment? Assessment, DateOnly? DiscontinuedOn);

public static class GetModelEffectivenessEndpoint
{
    /// <summary>Whether a model was effective on a date (default: today).</summary>
    /// <param name="modelId">The model.</param>
    /// <param name="asOf">Business date, yyyy-MM-dd.</param>
    [Authorize(Policy = Access.ReadRecords)]
    [WolverineGet("/api/v1/models/{modelId}/effectiveness")]
    [Tags("Models")]
    [ProducesResponseType<ModelEffectiveness>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(Guid modelId, string? asOf, IQuerySession session, TimeProvider time, CancellationToken ct)
    {
        if (!Dates.TryParseQuery(asOf, time, out var date))
        {
            return Results.Problem(Problems.Field("asOf", Dates.QueryDateMessage));
        }
        var model = await session.LoadAsync<SecurityModel>(modelId, ct);
        return model is null
            ? Results.Problem(Problems.NotFound($"No model {modelId} is recorded."))
            : Results.Ok(new ModelEffectiveness(model.Id, date, model.IsEffectiveOn(date), model.LatestAssessmentOn(date), model.DiscontinuedOn));
    }
}
