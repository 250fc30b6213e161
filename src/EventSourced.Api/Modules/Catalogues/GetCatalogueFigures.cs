using EventSourced.Api.Infrastructure;
using EventSourced.Api.Modules.Models;
using EventSourced.Api.Modules.Reference;
using EventSourced.Api.Modules.Statistics;
using JasperFx.Events;
using FluentValidation;
using Marten;
using Marten.Events.Aggregation;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourced.Api.Modules.Catalogues;

/// <summary>A catalogue entry with both clocks on each fact (rule 9).</summary>
public sealed record TimedCatalogueEntry(
    string TypeCode, string Name, Organisation Maintainer, TimedFact Added, TimedFact? Removed, IReadOnlyList<TimedAssessment> Assessments)
{
    public bool InCatalogueOn(DateOnly asOf, DateTimeOffset? knownBefore) =>
        Added.On <= asOf && Known(Added, knownBefore) && !(Removed is { } r && r.On <= asOf && Known(r, knownBefore));

    /// <summary>In the catalogue, and its latest known type-level assessment on or before the date says EFFECTIVE.</summary>
    public bool EffectiveOn(DateOnly asOf, DateTimeOffset? knownBefore) =>
        InCatalogueOn(asOf, knownBefore)
        && Assessments.Where(a => a.On <= asOf && (knownBefore is null || a.RecordedAt < knownBefore))
            .OrderBy(a => a.On).ThenBy(a => a.RecordedAt).LastOrDefault() is { Rating: AssessmentRating.Effective };

    private static bool Known(TimedFact fact, DateTimeOffset? knownBefore) => knownBefore is null || fact.RecordedAt < knownBefore;
}

/// <summary>A province's catalogue as the statistics read it: every entry ever added, with both clocks.</summary>
public sealed record CatalogueTimeline
{
    public Guid Id { get; init; }
    public required string ProvinceCode { get; init; }
    public IReadOnlyList<TimedCatalogueEntry> Entries { get; init; } = [];
}

public sealed class CatalogueTimelineProjection : SingleStreamProjection<CatalogueTimeline, Guid>
{
    public static CatalogueTimeline Create(IEvent<CatalogueTypeAdded> e) => Apply(e, new CatalogueTimeline { ProvinceCode = e.Data.ProvinceCode });

    public static CatalogueTimeline Apply(IEvent<CatalogueTypeAdded> e, CatalogueTimeline timeline) => timeline with
    {
        Entries = [.. timeline.Entries, new TimedCatalogueEntry(e.Data.TypeCode, e.Data.Name, e.Data.Maintainer, new TimedFact(e.Data.AddedOn, Reporting.KnownSince(e)), null, [])],
    };

    public static CatalogueTimeline Apply(IEvent<CatalogueTypeRemoved> e, CatalogueTimeline timeline) =>
        Replace(timeline, e.Data.TypeCode, entry => entry with { Removed = new TimedFact(e.Data.RemovedOn, Reporting.KnownSince(e)) });

    public static CatalogueTimeline Apply(IEvent<CatalogueTypeAssessed> e, CatalogueTimeline timeline) =>
        Replace(timeline, e.Data.TypeCode, entry => entry with { Assessments = [.. entry.Assessments, new TimedAssessment(e.Data.AssessedOn, Reporting.KnownSince(e), e.Data.Rating)] });

    private static CatalogueTimeline Replace(CatalogueTimeline timeline, string typeCode, Func<TimedCatalogueEntry, TimedCatalogueEntry> change)
    {
        var current = timeline.Entries.Last(x => x.TypeCode == typeCode);
        return timeline with { Entries = [.. timeline.Entries.Select(x => ReferenceEquals(x, current) ? change(x) : x)] };
    }
}

/// <summary>Which side of the coordination program maintains a type: the police, or the Fatherland Front with its member organisations.</summary>
public enum ProgramParty
{
    /// <summary>Công an.</summary>
    Police,
    /// <summary>Ủy ban MTTQ and its member organisations.</summary>
    FatherlandFrontAndMembers,
    /// <summary>Any other maintainer.</summary>
    Other,
}

/// <summary>Types in the catalogue and those effective, for one maintainer or party.</summary>
/// <param name="Key">Maintaining organisation or party.</param>
/// <param name="Types">Types in the catalogue on the date.</param>
/// <param name="Effective">Of those, effective on the date.</param>
public sealed record CatalogueCount(string Key, Figure Types, Figure Effective);

/// <summary>A province's catalogue on a date, as known on a date (Ho Chi Minh City: 41 types; police 19, 8 effective;
/// Fatherland Front and member organisations 22, 10 effective).</summary>
public sealed record CatalogueFigures(
    string ProvinceCode, DateOnly AsOf, DateOnly? KnownAt, Figure Types, Figure Effective,
    IReadOnlyList<CatalogueCount> ByParty, IReadOnlyList<CatalogueCount> ByMaintainer, IReadOnlyList<TimedCatalogueEntry> Entries, Freshness Freshness);

/// <summary>Which province's catalogue, as of and as known on which dates.</summary>
/// <param name="ProvinceCode">Province code.</param>
/// <param name="AsOf">Business date (default today).</param>
/// <param name="KnownAt">Only facts recorded by the end of this date count.</param>
public sealed record CatalogueFiguresQuery(
    [FromRoute(Name = "provinceCode")] string ProvinceCode,
    [FromQuery(Name = "asOf")] string? AsOf,
    [FromQuery(Name = "knownAt")] string? KnownAt)
{
    public sealed class Validator : AbstractValidator<CatalogueFiguresQuery>
    {
        public Validator(TimeProvider time)
        {
            RuleFor(q => q.ProvinceCode).Must(AdministrativeCodes.IsProvince).WithMessage("Must be a 2-digit province code.");
            RuleFor(q => q.AsOf).QueryDate(time);
            RuleFor(q => q.KnownAt).QueryDate(time);
        }
    }
}

public static class GetCatalogueFiguresEndpoint
{
    public static ProgramParty PartyOf(Organisation maintainer) => maintainer switch
    {
        Organisation.Police => ProgramParty.Police,
        Organisation.PeoplesCommittee => ProgramParty.Other,
        _ => ProgramParty.FatherlandFrontAndMembers,
    };

    /// <summary>The catalogue figures from the timeline (pure).</summary>
    public static (IReadOnlyList<TimedCatalogueEntry> InCatalogue, IReadOnlyList<CatalogueCount> ByParty, IReadOnlyList<CatalogueCount> ByMaintainer) Compute(
        CatalogueTimeline? timeline, DateOnly asOf, DateTimeOffset? knownBefore)
    {
        var entries = (timeline?.Entries ?? []).Where(e => e.InCatalogueOn(asOf, knownBefore)).ToList();
        IReadOnlyList<CatalogueCount> Count(Func<TimedCatalogueEntry, string> key) => entries.GroupBy(key).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new CatalogueCount(g.Key, Figure.Of(g.Count()), Figure.Of(g.Count(e => e.EffectiveOn(asOf, knownBefore))))).ToList();
        return (entries, Count(e => ApiNames.Of(PartyOf(e.Maintainer))), Count(e => ApiNames.Of(e.Maintainer)));
    }

    /// <summary>A province's catalogue of model types on a date, by maintainer, with the effective ones.</summary>
    [Authorize(Policy = Access.ReadStatistics)]
    [WolverineGet("/api/v1/provinces/{provinceCode}/catalogue")]
    [Tags("Catalogues")]
    [ProducesResponseType<CatalogueFigures>(StatusCodes.Status200OK, "application/json", FigureCsv.MediaType)]
    public static async Task<IResult> Get([AsParameters] CatalogueFiguresQuery query, IQuerySession session, TimeProvider time, HttpContext context,
        CancellationToken ct)
    {
        var provinceCode = query.ProvinceCode;
        var (asOfDate, knownAtDate, knownBefore) = (Dates.QueryOrToday(query.AsOf, time), Dates.Query(query.KnownAt, time), Dates.KnownBefore(query.KnownAt, time));
        var freshness = await Freshness.Of(session, ReadModelNames.Catalogue, ct);
        var timeline = await StatisticsData.Catalogue(session, provinceCode, ct);
        var (entries, byParty, byMaintainer) = Compute(timeline, asOfDate, knownBefore);
        return FigureCsv.OrJson(context, new CatalogueFigures(provinceCode, asOfDate, knownAtDate, Figure.Of(entries.Count),
            Figure.Of(entries.Count(e => e.EffectiveOn(asOfDate, knownBefore))), byParty, byMaintainer, entries, freshness));
    }
}
