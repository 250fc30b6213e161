using System.Text.Json.Serialization;
using EventSourced.Api.Infrastructure;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourced.Api.Modules.Officials;

/// <summary>Record the position an official held from a date.</summary>
/// <param name="Position">Position, e.g. Giám đốc.</param>
/// <param name="Organisation">Organisation, e.g. Công an Thành phố Hồ Chí Minh.</param>
/// <param name="From">First day held.</param>
public sealed record RecordOfficialPosition([property: JsonRequired] string Position, [property: JsonRequired] string Organisation, [property: JsonRequired] DateOnly From)
{
    /// <summary>Director of the city police.</summary>
    public static RecordOfficialPosition Example => new("Giám đốc", "Công an Thành phố Hồ Chí Minh", new DateOnly(2020, 1, 1));
}

public sealed class RecordOfficialPositionValidator : AbstractValidator<RecordOfficialPosition>
{
    public RecordOfficialPositionValidator(TimeProvider time)
    {
        RuleFor(c => c.Position).RequiredText();
        RuleFor(c => c.Organisation).RequiredText();
        RuleFor(c => c.From).PastDate(time);
    }
}

public static class RecordOfficialPositionEndpoint
{
    public static IReadOnlyList<OfficialPositionRecorded> Decide(RecordOfficialPosition command, Official official) =>
        official.Positions.Contains(new DatedPosition(command.Position.Trim(), command.Organisation.Trim(), command.From))
            ? []
            : [new OfficialPositionRecorded(official.Id, command.Position.Trim(), command.Organisation.Trim(), command.From)];

    /// <summary>Record the position an official held from a date (idempotent).</summary>
    [Authorize(Policy = Access.Administer)]
    [WolverinePost("/api/v1/officials/{officialId}/positions")]
    [Tags("Officials")]
    [ProducesResponseType<Recorded>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed, "application/problem+json")]
    public static Task<IResult> Post(Guid officialId, RecordOfficialPosition command, IDocumentSession session, [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct) =>
        OfficialCommand.Handle(session, officialId, ifMatch, official => Decide(command, official), ct);
}
