using EventSourced.Api.Infrastructure;
using EventSourced.Api.Ledger;
using EventSourced.Api.Modules.Statistics.Measures;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourced.Api.Modules.Statistics;

/// <summary>A province's models as of a business date and as known on a date: the figures of the ten-year reviews.</summary>
/// <param name="ProvinceCode">Province.</param>
/// <param name="From">Start of the launch window (e.g. the program's first day); null for all time.</param>
/// <param name="AsOf">Business date the figures describe.</param>
/// <param name="KnownAt">Only what had been recorded by the end of this date (Vietnam time) counts; null for everything.</param>
/// <param name="Launched">Models and good practices launched in the window (Hà Nội: "1.616 mô hình").</param>
/// <param name="Effective">Of those, effective on the as-of date (rule 3; Hà Nội: "495 đang hoạt động hiệu quả").</param>
/// <param name="ByType">Per model type: launched in the window, effective, and coverage (rule 4).</param>
/// <param name="Freshness">Which events the figures reflect.</param>
public sealed record ProvinceModelFigures(
    string ProvinceCode, DateOnly? From, DateOnly AsOf, DateOnly? KnownAt,
    Figure Launched, Figure Effective, IReadOnlyList<ModelTypeFigures> ByType, Freshness Freshness);

/// <summary>Figures of one model type.</summary>
/// <param name="ModelType">Type code.</param>
/// <param name="Launched">Instances launched in the window.</param>
/// <param name="Effective">Of those, effective on the as-of date.</param>
/// <param name="Coverage">Distinct commune-level units with at least one live instance on the as-of date (rule 4;
/// Hà Nội: self-management in 181, security cameras in 109).</param>
public sealed record ModelTypeFigures(string ModelType, Figure Launched, Figure Effective, Figure Coverage);

/// <summary>Which province's models, from, as of and as known on which dates.</summary>
/// <param name="ProvinceCode">Province code (2 digits).</param>
/// <param name="AsOf">Business date (default today): "effective" and "coverage" are judged on this date.</param>
/// <param name="KnownAt">Only facts recorded by the end of this date count: the figures as they could be reported then.</param>
/// <param name="From">Count launches from this date (e.g. 2013-01-01 for the ten-year programs).</param>
public sealed record ProvinceModelFiguresQuery(
    [FromRoute(Name = "provinceCode")] string ProvinceCode,
    [FromQuery(Name = "asOf")] string? AsOf,
    [FromQuery(Name = "knownAt")] string? KnownAt,
    [FromQuery(Name = "from")] string? From)
{
    public sealed class Validator : AbstractValidator<ProvinceModelFiguresQuery>
    {
        public Validator(TimeProvider time)
        {
            RuleFor(q => q.ProvinceCode).Must(AdministrativeCodes.IsProvince).WithMessage("Must be a 2-digit province code.");
            RuleFor(q => q.AsOf).QueryDate(time);
            RuleFor(q => q.KnownAt).QueryDate(time);
            RuleFor(q => q.From).QueryDate(time);
        }
    }
}

public static class GetProvinceModelFiguresEndpoint
{
    /// <summary>The figures of one window: by type, every type launched in it or with a live instance.</summary>
    public static IReadOnlyList<ModelTypeFigures> ByType(ModelCountsInWindow counts) =>
        [.. counts.Types.Select(type => new ModelTypeFigures(type, Figure.Of(counts.LaunchedOf(type)), Figure.Of(counts.EffectiveOf(type)), Figure.Of(counts.CoverageOf(type))))];

    /// <summary>A province's models launched, effective and covering units, as of a date and as known on a date.</summary>
    [Authorize(Policy = Access.ReadStatistics)]
    [WolverineGet("/api/v1/provinces/{provinceCode}/model-figures")]
    [Tags("Statistics")]
    [ProducesResponseType<ProvinceModelFigures>(StatusCodes.Status200OK, "application/json", FigureCsv.MediaType)]
    public static async Task<IResult> Get([AsParameters] ProvinceModelFiguresQuery query, IQuerySession session, TimeProvider time, HttpContext context,
        CancellationToken ct)
    {
        var provinceCode = query.ProvinceCode;
        var (asOfDate, fromDate) = (Dates.QueryOrToday(query.AsOf, time), Dates.Query(query.From, time));
        var knownAtDate = Dates.Query(query.KnownAt, time);

        var freshness = await Freshness.Of(session, ReadModelNames.Models, ct);
        var counts = (await ModelMeasures.Count(session, provinceCode, [new ModelWindow(fromDate, asOfDate)], knownAtDate, ct))[0];
        return FigureCsv.OrJson(context, new ProvinceModelFigures(provinceCode, fromDate, asOfDate, knownAtDate,
            Figure.Of(counts.Launched), Figure.Of(counts.Effective), ByType(counts), freshness));
    }
}
