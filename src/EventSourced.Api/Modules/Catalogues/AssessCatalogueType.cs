using System.Text.Json.Serialization;
using EventSourced.Api.Infrastructure;
using EventSourced.Api.Modules.Models;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourced.Api.Modules.Catalogues;

/// <summary>Assess a catalogue type as a whole on a date.</summary>
/// <param name="AssessedOn">Date of the assessment; while the type is in the catalogue.</param>
/// <param name="Rating">EFFECTIVE or NOT_EFFECTIVE.</param>
/// <param name="Basis">What it rests on, e.g. the review conference.</param>
public sealed record AssessCatalogueType([property: JsonRequired] DateOnly AssessedOn, [property: JsonRequired] AssessmentRating Rating, string? Basis)
{
    /// <summary>Rated effective at the ten-year review of Program 478.</summary>
    public static AssessCatalogueType Example => new(new DateOnly(2023, 12, 25), AssessmentRating.Effective,
        "Hội nghị tổng kết 10 năm Chương trình phối hợp số 478");
}

public sealed class AssessCatalogueTypeValidator : AbstractValidator<AssessCatalogueType>
{
    public AssessCatalogueTypeValidator(TimeProvider time)
    {
        RuleFor(c => c.AssessedOn).PastDate(time);
        RuleFor(c => c.Rating).IsInEnum();
        RuleFor(c => c.Basis).OptionalText();
    }
}

public static class AssessCatalogueTypeEndpoint
{
    public static ProblemDetails? Check(string typeCode, AssessCatalogueType command, Catalogue? catalogue) =>
        catalogue?.Current(typeCode) is not { } entry
            ? Problems.NotFound($"{typeCode} is not in the catalogue.")
            : entry.InCatalogueOn(command.AssessedOn)
                ? null
                : Problems.RuleViolated($"{typeCode} was not in the catalogue on {command.AssessedOn:yyyy-MM-dd}.", "assessedOn");

    public static IReadOnlyList<object> Decide(string provinceCode, string typeCode, AssessCatalogueType command) =>
        [new CatalogueTypeAssessed(provinceCode, typeCode, command.AssessedOn, command.Rating, command.Basis?.Trim())];

    /// <summary>Assess a catalogue type (rule 2: type-level assessments, dated like rule 3).</summary>
    [Authorize(Policy = Access.Record)]
    [WolverinePost("/api/v1/provinces/{provinceCode}/catalogue/{typeCode}/assessments")]
    [Tags("Catalogues")]
    [ProducesResponseType<Recorded>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed, "application/problem+json")]
    public static async Task<IResult> Post(string provinceCode, string typeCode, AssessCatalogueType command, IDocumentSession session, [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct) =>
        CatalogueCommand.UnknownProvince(provinceCode) is { } bad
            ? Results.Problem(bad)
            : await CatalogueCommand.Handle(session, provinceCode, ifMatch, command,
                (c, catalogue) => Check(typeCode, c, catalogue),
                (c, _) => Decide(provinceCode, typeCode, c),
                version => Results.Ok(new Recorded(CatalogueIds.For(provinceCode), version)), ct);
}
