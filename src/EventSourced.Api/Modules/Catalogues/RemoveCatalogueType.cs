using System.Text.Json.Serialization;
using EventSourced.Api.Infrastructure;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourced.Api.Modules.Catalogues;

/// <summary>Remove a model type from a province's catalogue.</summary>
/// <param name="RemovedOn">First day the type is no longer in the catalogue.</param>
/// <param name="Reason">Why, as the decision says.</param>
public sealed record RemoveCatalogueType([property: JsonRequired] DateOnly RemovedOn, [property: JsonRequired] string Reason)
{
    /// <summary>Merged into another type at a review.</summary>
    public static RemoveCatalogueType Example => new(new DateOnly(2023, 12, 25), "Hợp nhất vào mô hình camera an ninh");
}

public sealed class RemoveCatalogueTypeValidator : AbstractValidator<RemoveCatalogueType>
{
    public RemoveCatalogueTypeValidator(TimeProvider time)
    {
        RuleFor(c => c.RemovedOn).PastDate(time);
        RuleFor(c => c.Reason).RequiredText();
    }
}

public static class RemoveCatalogueTypeEndpoint
{
    public static ProblemDetails? Check(string typeCode, RemoveCatalogueType command, Catalogue? catalogue)
    {
        if (catalogue?.Current(typeCode) is not { } entry)
        {
            return Problems.NotFound($"{typeCode} is not in the catalogue.");
        }
        if (command.RemovedOn <= entry.AddedOn)
        {
            return Problems.RuleViolated($"{typeCode} entered the catalogue on {entry.AddedOn:yyyy-MM-dd}; it cannot leave before.", "removedOn");
        }
        return entry.RemovedOn is { } removed && removed != command.RemovedOn
            ? Problems.Conflict($"{typeCode} already left the catalogue on {removed:yyyy-MM-dd}.")
            : null;
    }

    public static IReadOnlyList<object> Decide(string provinceCode, string typeCode, RemoveCatalogueType command, Catalogue? catalogue) =>
        catalogue!.Current(typeCode)!.RemovedOn is not null ? [] : [new CatalogueTypeRemoved(provinceCode, typeCode, command.RemovedOn, command.Reason.Trim())];

    /// <summary>Remove a model type from a province's catalogue (idempotent).</summary>
    [Authorize(Policy = Access.Record)]
    [WolverinePost("/api/v1/provinces/{provinceCode}/catalogue/{typeCode}/removal")]
    [Tags("Catalogues")]
    [ProducesResponseType<Recorded>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status422UnprocessableEntity, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed, "application/problem+json")]
    public static async Task<IResult> Post(string provinceCode, string typeCode, RemoveCatalogueType command, IDocumentSession session, [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct) =>
        CatalogueCommand.UnknownProvince(provinceCode) is { } bad
            ? Results.Problem(bad)
            : await CatalogueCommand.Handle(session, provinceCode, ifMatch, command,
                (c, catalogue) => Check(typeCode, c, catalogue),
                (c, catalogue) => Decide(provinceCode, typeCode, c, catalogue),
                version => Results.Ok(new Recorded(CatalogueIds.For(provinceCode), version)), ct);
}
