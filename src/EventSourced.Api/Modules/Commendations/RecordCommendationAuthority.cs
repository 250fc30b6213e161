using System.Text.Json.Serialization;
using EventSourced.Api.Infrastructure;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourced.Api.Modules.Commendations;

/// <summary>An issuing organisation may grant a form of commendation from a date (until a date), under a legal act.</summary>
public sealed record CommendationAuthorityRecorded(IssuingOrganisation Issuer, CommendationForm Form, DateOnly ValidFrom, DateOnly? ValidTo, string LegalReference);

/// <summary>One authority: who may grant which form, when.</summary>
/// <param name="Issuer">The issuing organisation.</param>
/// <param name="Form">The form it may grant.</param>
/// <param name="ValidFrom">First day of the authority.</param>
/// <param name="ValidTo">First day it no longer holds, if it ended (e.g. the district level on 2025-07-01).</param>
/// <param name="LegalReference">The legal basis.</param>
public sealed record CommendationAuthority(IssuingOrganisation Issuer, CommendationForm Form, DateOnly ValidFrom, DateOnly? ValidTo, string LegalReference)
{
    public bool HoldsOn(DateOnly date) => date >= ValidFrom && (ValidTo is not { } end || date < end);
}

/// <summary>Which forms each issuing organisation may grant, over time (rule 7: reference data, not code).</summary>
public sealed record CommendationAuthorities
{
    public static readonly Guid StreamId = NameBased.Create(Guid.Parse("6e5d4c3b-2a19-5f8e-9d7c-6b5a4f3e2d1c"), "commendation-authorities");

    public Guid Id { get; init; }
    public IReadOnlyList<CommendationAuthority> Authorities { get; init; } = [];
    public int Version { get; set; }

    public bool Allows(IssuingOrganisation issuer, CommendationForm form, DateOnly on) =>
        Authorities.Any(a => a.Issuer == issuer && a.Form == form && a.HoldsOn(on));

    public static CommendationAuthorities Create(CommendationAuthorityRecorded e) => new CommendationAuthorities { Id = StreamId }.Apply(e);

    /// <summary>A later record for the same issuer, form and start replaces the earlier one (e.g. giving it an end).</summary>
    public CommendationAuthorities Apply(CommendationAuthorityRecorded e) => this with
    {
        Authorities = [.. Authorities.Where(a => !(a.Issuer == e.Issuer && a.Form == e.Form && a.ValidFrom == e.ValidFrom)),
            new CommendationAuthority(e.Issuer, e.Form, e.ValidFrom, e.ValidTo, e.LegalReference)],
    };
}

/// <summary>Record that an issuing organisation may grant a form of commendation from a date.</summary>
/// <param name="Issuer">The issuing organisation.</param>
/// <param name="Form">The form.</param>
/// <param name="ValidFrom">First day.</param>
/// <param name="ValidTo">First day it no longer holds, if known.</param>
/// <param name="LegalReference">The legal basis.</param>
public sealed record RecordCommendationAuthority(
    [property: JsonRequired] IssuingOrganisation Issuer,
    [property: JsonRequired] CommendationForm Form,
    [property: JsonRequired] DateOnly ValidFrom,
    DateOnly? ValidTo,
    [property: JsonRequired] string LegalReference)
{
    /// <summary>District People's Committees granted Giấy khen until the district level was abolished.</summary>
    public static RecordCommendationAuthority Example => new(IssuingOrganisation.DistrictPeoplesCommittee, CommendationForm.CertificateOfCommendation,
        new DateOnly(2008, 8, 1), new DateOnly(2025, 7, 1), "Luật Thi đua, Khen thưởng; Nghị quyết 202/2025/QH15");
}

public sealed class RecordCommendationAuthorityValidator : AbstractValidator<RecordCommendationAuthority>
{
    public RecordCommendationAuthorityValidator()
    {
        RuleFor(c => c.Issuer).IsInEnum();
        RuleFor(c => c.Form).IsInEnum();
        RuleFor(c => c.ValidFrom).NotEmpty().GreaterThanOrEqualTo(new DateOnly(1945, 9, 2));
        RuleFor(c => c.ValidTo).GreaterThan(c => c.ValidFrom).When(c => c.ValidTo is not null);
        RuleFor(c => c.LegalReference).RequiredText();
    }
}

public static class RecordCommendationAuthorityEndpoint
{
    /// <summary>Nothing to record when the same authority is already recorded as it is.</summary>
    public static IReadOnlyList<CommendationAuthorityRecorded> Decide(RecordCommendationAuthority command, CommendationAuthorities? current) =>
        current?.Authorities.Contains(new CommendationAuthority(command.Issuer, command.Form, command.ValidFrom, command.ValidTo, command.LegalReference.Trim())) == true
            ? []
            : [new CommendationAuthorityRecorded(command.Issuer, command.Form, command.ValidFrom, command.ValidTo, command.LegalReference.Trim())];

    /// <summary>Record which form an issuing organisation may grant, and when (reference data; idempotent).</summary>
    [Authorize(Policy = Access.Administer)]
    [WolverinePost("/api/v1/commendation-authorities")]
    [Tags("Commendations")]
    [ProducesResponseType<Recorded>(StatusCodes.Status201Created)]
    [ProducesResponseType<Recorded>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status412PreconditionFailed, "application/problem+json")]
    public static async Task<IResult> Post(RecordCommendationAuthority command, IDocumentSession session, [FromHeader(Name = "If-Match")] string? ifMatch, CancellationToken ct)
    {
        var stream = await session.Events.FetchForExclusiveWriting<CommendationAuthorities>(CommendationAuthorities.StreamId, ct);
        if (Preconditions.Check(ifMatch, CommendationAuthorities.StreamId, stream.StartingVersion ?? 0) is { } precondition)
        {
            return Results.Problem(precondition);
        }
        var events = Decide(command, stream.Aggregate);
        stream.AppendMany(events);
        var version = (stream.StartingVersion ?? 0) + events.Count;
        return events.Count == 0
            ? Results.Ok(new Recorded(CommendationAuthorities.StreamId, version))
            : Results.Created("/api/v1/commendation-authorities", new Recorded(CommendationAuthorities.StreamId, version));
    }
}

public static class ListCommendationAuthoritiesEndpoint
{
    /// <summary>Which forms each issuing organisation may grant, and when.</summary>
    [Authorize(Policy = Access.ReadReference)]
    [WolverineGet("/api/v1/commendation-authorities")]
    [Tags("Commendations")]
    [ProducesResponseType<IReadOnlyList<CommendationAuthority>>(StatusCodes.Status200OK)]
    public static async Task<IReadOnlyList<CommendationAuthority>> Get(IQuerySession session, HttpContext context, CancellationToken ct)
    {
        var list = await session.LoadAsync<CommendationAuthorities>(CommendationAuthorities.StreamId, ct);
        // The list's stream version, for If-Match on the next authority recorded.
        context.Response.Headers.ETag = Preconditions.ETag(list?.Version ?? 0);
        return list?.Authorities ?? [];
    }
}
