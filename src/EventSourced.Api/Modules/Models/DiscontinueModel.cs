using System.Text.Json.Serialization;
using EventSourced.Api.Infrastructure;
using EventSourced.Api.Ledger;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourced.Api.Modules.Models;

/// <summary>Record that a model stopped operating (ngừng hoạt động) on a date.</summary>
/// <param name="DiscontinuedOn">The first day the model no longer operated.</param>
/// <param name="Reason">Why, as the unit's report says.</param>
public sealed record DiscontinueModel([property: JsonRequired] DateOnly DiscontinuedOn, [property: JsonRequired] string Reason)
{
    /// <summary>A model merged into another after the 2025 reform.</summary>
    public static DiscontinueModel Example => new(new DateOnly(2025, 7, 1), "Sáp nhập vào mô hình của phường Xóm Chiếu sau sắp xếp đơn vị hành chính");
}

public sealed class DiscontinueModelValidator : AbstractValidator<DiscontinueModel>
{
    public DiscontinueModelValidator(TimeProvider time)
    {
        RuleFor(c => c.DiscontinuedOn).PastDate(time);
        RuleFor(c => c.Reason).RequiredText();
    }
}

public static partial class DiscontinueModelEndpoint
{
    public static ProblemDetails? Check(DiscontinueModel command, SecurityModel model)
    {
        if (command.DiscontinuedOn < model.LaunchDate)
        {
            return Problems.RuleViolated(
                $"Model {model.Id} was launched on {model.LaunchDate:yyyy-MM-dd}; it cannot stop before that.", "discontinuedOn");
        }
        if (model.DiscontinuedOn is { } existing && existing != command.DiscontinuedOn)
        {
            return Problems.Conflict($"Model {model.Id} was already discontinued on {existing:yyyy-MM-dd}.");
        }
        return null;
    }

    /// <summary>Discontinuing an already discontinued model on the same date changes nothing: no event, same answer.</summary>
    public static IReadOnlyList<ModelDiscontinued> Decide(DiscontinueModel command, SecurityModel model, UnitSnapshot unit) =>
        model.DiscontinuedOn == command.DiscontinuedOn
            ? []
            : [new ModelDiscontinued(model.Id, unit, command.DiscontinuedOn, command.Reason.Trim())];
}

public static partial class DiscontinueModelEndpoint
{
    /// <summary>Record that a model stopped operating.</summary>
    /// <remarks>Ending a model is decided on what the caller last read, so If-Match (the model's ETag) is required: 428
    /// without it, 412 when the model changed since. Repeating the same discontinuation changes nothing and answers the
    /// same. 409 when it was already discontinued on another date; 422 when the date is before the launch.</remarks>
    [Authorize(Policy = Access.Record)]
    [RequiresIfMatch]
    [WolverinePost("/api/v1/models/{modelId}/discontinuation")]
    [Tags("Models")]
    [ProducesResponseType<Recorded>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed, "application/problem+json")]
    public static async Task<IResult> Post(Guid modelId, DiscontinueModel command, IDocumentSession session, [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct)
    {
        var write = new ModelWrite(session, modelId, ct);
        if ((await write.Open(ifMatch) ?? Check(command, write.Model) ?? await write.Place(command.DiscontinuedOn)) is { } refused)
        {
            return Results.Problem(refused);
        }
        return Results.Ok(new Recorded(modelId, write.Append(Decide(command, write.Model, write.Unit))));
    }
}
