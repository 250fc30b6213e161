using EventSourced.Api.Infrastructure;
using EventSourced.Api.Ledger;
using EventSourced.Api.Modules.Statistics.Measures;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourced.Api.Modules.Statistics;

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
    /// <summary>A province's catalogue of model types on a date, by maintainer, with the effective ones.</summary>
    [Authorize(Policy = Access.ReadStatistics)]
    [WolverineGet("/api/v1/provinces/{provinceCode}/catalogue")]
    [Tags("Catalogues")]
    [ProducesResponseType<CatalogueFigures>(StatusCodes.Status200OK, "application/json", FigureCsv.MediaType)]
    public static async Task<IResult> Get([AsParameters] CatalogueFiguresQuery query, IQuerySession session, TimeProvider time, HttpContext context,
        CancellationToken ct)
    {
        var provinceCode = query.ProvinceCode;
        var (asOfDate, knownAtDate) = (Dates.QueryOrToday(query.AsOf, time), Dates.Query(query.KnownAt, time));
        var freshness = await Freshness.Of(session, ReadModelNames.Catalogue, ct);
        var catalogue = await CatalogueMeasures.On(session, provinceCode, asOfDate, knownAtDate, ct);
        return FigureCsv.OrJson(context, new CatalogueFigures(provinceCode, asOfDate, knownAtDate, Figure.Of(catalogue.Types),
            Figure.Of(catalogue.Effective), catalogue.ByParty, catalogue.ByMaintainer, [.. catalogue.Entries.Select(e => e.Entry)], freshness));
    }
}
