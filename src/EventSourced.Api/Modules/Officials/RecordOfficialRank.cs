using System.Text.Json.Serialization;
using EventSourced.Api.Infrastructure;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourced.Api.Modules.Officials;

/// <summary>Record the rank an official held from a date.</summary>
/// <param name="Rank">Rank, e.g. Trung tướng.</param>
/// <param name="From">First day held.</param>
public sealed record RecordOfficialRank([property: JsonRequired] string Rank, [property: JsonRequired] DateOnly From)
{
    /// <summary>Promoted to Trung tướng.</summary>
    public static RecordOfficialRank Example => new("Trung tướng", new DateOnly(2023, 7, 1));
}

public sealed class RecordOfficialRankValidator : AbstractValidator<RecordOfficialRank>
{
    public RecordOfficialRankValidator(TimeProvider time)
    {
        RuleFor(c => c.Rank).RequiredText();
        RuleFor(c => c.From).PastDate(time);
    }
}

public static class RecordOfficialRankEndpoint
{
    /// <summary>The same rank from the same date again changes nothing.</summary>
    public static IReadOnlyList<OfficialRankRecorded> Decide(RecordOfficialRank command, Official official) =>
        official.Ranks.Contains(new DatedRank(command.Rank.Trim(), command.From)) ? [] : [new OfficialRankRecorded(official.Id, command.Rank.Trim(), command.From)];

    /// <summary>Record the rank an official held from a date (idempotent).</summary>
    [Authorize(Policy = Access.Administer)]
    [WolverinePost("/api/v1/officials/{officialId}/ranks")]
    [Tags("Officials")]
    [ProducesResponseType<Recorded>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed, "application/problem+json")]
    public static Task<IResult> Post(Guid officialId, RecordOfficialRank command, IDocumentSession session, [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct) =>
        OfficialCommand.Handle(session, officialId, ifMatch, official => Decide(command, official), ct);
}
