using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using EventSourced.Api.Infrastructure;
using EventSourced.Api.Modules.Reference;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourced.Api.Modules.Catalogues;

/// <summary>Add a model type to a province's catalogue, with the organisation that maintains it.</summary>
/// <param name="TypeCode">The type's code: a national type (GET /api/v1/model-types) or a province's own, lowercase with hyphens.</param>
/// <param name="Name">Vietnamese name as the province's catalogue gives it.</param>
/// <param name="Maintainer">The organisation that maintains the type (police, Fatherland Front or a member organisation).</param>
/// <param name="AddedOn">Date the type entered the catalogue.</param>
public sealed record AddCatalogueType(
    [property: JsonRequired] string TypeCode,
    [property: JsonRequired] string Name,
    [property: JsonRequired] Organisation Maintainer,
    [property: JsonRequired] DateOnly AddedOn)
{
    /// <summary>Self-managed motorbike taxis, maintained by the city police.</summary>
    public static AddCatalogueType Example => new("self-managed-motorbike-taxis", "Xe ôm tự quản", Organisation.Police, new DateOnly(2013, 6, 1));
}

public sealed partial class AddCatalogueTypeValidator : AbstractValidator<AddCatalogueType>
{
    public AddCatalogueTypeValidator(TimeProvider time)
    {
        RuleFor(c => c.TypeCode).NotEmpty().Must(code => TypeCode().IsMatch(code))
            .WithMessage("'{PropertyName}' must be lowercase letters, digits and hyphens, e.g. self-managed-motorbike-taxis.");
        RuleFor(c => c.Name).RequiredText();
        RuleFor(c => c.Maintainer).IsInEnum();
        RuleFor(c => c.AddedOn).PastDate(time);
    }

    [GeneratedRegex(@"^[a-z0-9][a-z0-9\-]{1,79}\z")]
    private static partial Regex TypeCode();
}

public static class AddCatalogueTypeEndpoint
{
    public static ProblemDetails? Check(AddCatalogueType command, Catalogue? catalogue)
    {
        var current = catalogue?.Current(command.TypeCode);
        if (current is null || current.RemovedOn is not null && command.AddedOn >= current.RemovedOn)
        {
            return null;
        }
        return current.AddedOn == command.AddedOn && current.Name == command.Name.Trim() && current.Maintainer == command.Maintainer
            ? null
            : Problems.Conflict($"{command.TypeCode} has been in the catalogue since {current.AddedOn:yyyy-MM-dd}, maintained by {ApiNames.Of(current.Maintainer)}.");
    }

    /// <summary>Adding the same entry again changes nothing.</summary>
    public static IReadOnlyList<object> Decide(string provinceCode, AddCatalogueType command, Catalogue? catalogue) =>
        catalogue?.Current(command.TypeCode) is { RemovedOn: null }
            ? []
            : [new CatalogueTypeAdded(provinceCode, command.TypeCode, command.Name.Trim(), command.Maintainer, command.AddedOn)];

    /// <summary>Add a model type to a province's catalogue (rule 2).</summary>
    /// <remarks>201; the same entry again answers 200 and appends nothing; 409 when the type is in the catalogue with
    /// another name, maintainer or date. A removed type can be added again from its removal date on.</remarks>
    [Authorize(Policy = Access.Record)]
    [WolverinePost("/api/v1/provinces/{provinceCode}/catalogue")]
    [Tags("Catalogues")]
    [ProducesResponseType<Recorded>(StatusCodes.Status201Created)]
    [ProducesResponseType<Recorded>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed, "application/problem+json")]
    public static async Task<IResult> Post(string provinceCode, AddCatalogueType command, IDocumentSession session, [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct)
    {
        if (CatalogueCommand.UnknownProvince(provinceCode) is { } bad)
        {
            return Results.Problem(bad);
        }
        var added = false;
        return await CatalogueCommand.Handle(session, provinceCode, ifMatch, command, Check,
            (c, catalogue) =>
            {
                var events = Decide(provinceCode, c, catalogue);
                added = events.Count > 0;
                return events;
            },
            version => added
                ? Results.Created($"/api/v1/provinces/{provinceCode}/catalogue?asOf={command.AddedOn:yyyy-MM-dd}", new Recorded(CatalogueIds.For(provinceCode), version))
                : Results.Ok(new Recorded(CatalogueIds.For(provinceCode), version)),
            ct);
    }
}
