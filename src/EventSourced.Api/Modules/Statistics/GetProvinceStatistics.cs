using EventSourced.Api.Infrastructure;
using EventSourced.Api.Ledger;
using EventSourced.Api.Modules.Statistics.Measures;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourced.Api.Modules.Statistics;

/// <summary>A province's model instances on a date, as Hà Nội counts them.</summary>
/// <param name="Launched">Launched on or before the date.</param>
/// <param name="Discontinued">Of those, discontinued by then.</param>
/// <param name="Effective">Effective on the date (rule 3).</param>
/// <param name="ByKind">Launched, by MODEL / GOOD_PRACTICE.</param>
/// <param name="ByType">Launched, by model type.</param>
/// <param name="ByLeadOrganisation">Launched, by lead organisation.</param>
/// <param name="CoverageByType">Distinct commune-level units with a live instance of each type (rule 4).</param>
public sealed record ModelCounts(
    Figure Launched, Figure Discontinued, Figure Effective, IReadOnlyDictionary<string, Figure> ByKind, IReadOnlyDictionary<string, Figure> ByType,
    IReadOnlyDictionary<string, Figure> ByLeadOrganisation, IReadOnlyDictionary<string, Figure> CoverageByType);

/// <summary>The activity of one month.</summary>
public sealed record MonthlyActivity(string Month, Figure Shifts, Figure Participations, Figure Inspections, Figure Sanctions, Figure CasesDetected);

/// <summary>A province's figures on a date, as known on a date: models, catalogue, activity, equipment, commendations.</summary>
/// <param name="ProvinceCode">Province.</param>
/// <param name="AsOf">Business date.</param>
/// <param name="KnownAt">Only facts recorded by the end of this date count; null for everything.</param>
/// <param name="Models">Model instances (rules 2–4).</param>
/// <param name="Catalogue">Catalogue types by party and maintainer, with the effective ones (rule 2).</param>
/// <param name="Activity">All activity up to the date: shifts, person-shifts, inspections, sanctions, cases.</param>
/// <param name="ActivityByMonth">Activity per month over the 12 months ending with the date's month (or from 'from').</param>
/// <param name="Cameras">Cameras in service on the date.</param>
/// <param name="Recorders">Recorders in service on the date.</param>
/// <param name="CommendationsByForm">Commendations decided up to the date, by form.</param>
/// <param name="CommendationsByIssuer">The same, by issuing organisation.</param>
/// <param name="Freshness">Which events the figures reflect, per projection.</param>
public sealed record ProvinceStatistics(
    string ProvinceCode, DateOnly AsOf, DateOnly? KnownAt, ModelCounts Models, CatalogueSummary Catalogue, ActivityFigures Activity,
    IReadOnlyList<MonthlyActivity> ActivityByMonth, Figure Cameras, Figure Recorders,
    IReadOnlyDictionary<string, Figure> CommendationsByForm, IReadOnlyDictionary<string, Figure> CommendationsByIssuer,
    IReadOnlyList<Freshness> Freshness);

/// <summary>The catalogue part of the province figures.</summary>
public sealed record CatalogueSummary(Figure Types, Figure Effective, IReadOnlyList<CatalogueCount> ByParty, IReadOnlyList<CatalogueCount> ByMaintainer);

/// <summary>Which province's figures, as of and as known on which dates.</summary>
/// <param name="ProvinceCode">Province code (2 digits).</param>
/// <param name="AsOf">Business date (default today).</param>
/// <param name="KnownAt">Only facts recorded by the end of this date count (rule 9).</param>
/// <param name="From">Start of the monthly breakdown (default: 11 months before the as-of month).</param>
public sealed record ProvinceStatisticsQuery(
    [FromRoute(Name = "provinceCode")] string ProvinceCode,
    [FromQuery(Name = "asOf")] string? AsOf,
    [FromQuery(Name = "knownAt")] string? KnownAt,
    [FromQuery(Name = "from")] string? From)
{
    public sealed class Validator : AbstractValidator<ProvinceStatisticsQuery>
    {
        public Validator(TimeProvider time)
        {
            RuleFor(q => q.ProvinceCode).Must(AdministrativeCodes.IsProvince).WithMessage("Must be a 2-digit province code, e.g. 79.");
            RuleFor(q => q.AsOf).QueryDate(time);
            RuleFor(q => q.KnownAt).QueryDate(time);
            RuleFor(q => q.From).Must((q, from) => from is null || Dates.Query(from, time) <= Dates.QueryOrToday(q.AsOf, time))
                .WithMessage("Must be a date, yyyy-MM-dd, not after 'asOf'.");
        }
    }
}

public static class GetProvinceStatisticsEndpoint
{
    /// <summary>The model counts on a date, from the counts of the window of all launches up to it (pure).</summary>
    public static ModelCounts Models(ModelCountsInWindow counts)
    {
        Dictionary<string, Figure> LaunchedBy(Func<ModelGroupCount, string> key) => counts.Groups.Where(g => g.Launched > 0).GroupBy(key)
            .OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => Figure.Of(g.Sum(x => x.Launched)));
        return new ModelCounts(
            Figure.Of(counts.Launched), Figure.Of(counts.Discontinued), Figure.Of(counts.Effective),
            LaunchedBy(g => g.Kind), LaunchedBy(g => g.ModelType), LaunchedBy(g => g.LeadOrganisation),
            counts.CoverageByType.Where(c => c.Value > 0).OrderBy(c => c.Key, StringComparer.Ordinal).ToDictionary(c => c.Key, c => Figure.Of(c.Value)));
    }

    /// <summary>The calendar months of a range, the first and last cut to it, each counted as things stood on the range's
    /// last day (pure).</summary>
    public static IReadOnlyList<(string Month, ActivityWindow Window)> Months(DateOnly from, DateOnly to)
    {
        var months = new List<(string, ActivityWindow)>();
        for (var month = new DateOnly(from.Year, from.Month, 1); month <= to; month = month.AddMonths(1))
        {
            var start = month < from ? from : month;
            var end = month.AddMonths(1).AddDays(-1) > to ? to : month.AddMonths(1).AddDays(-1);
            months.Add(($"{month:yyyy-MM}", new ActivityWindow(start, end, to)));
        }
        return months;
    }

    /// <summary>A province's figures on a date: models by type and lead, coverage, catalogue, activity (totals and by
    /// month), equipment in service, commendations by form and issuer.</summary>
    /// <remarks>Computed from asynchronous read models: 'freshness' says which events each reflects. A province with
    /// nothing recorded answers zeros, not 404.</remarks>
    [Authorize(Policy = Access.ReadStatistics)]
    [WolverineGet("/api/v1/provinces/{provinceCode}/statistics")]
    [Tags("Statistics")]
    [ProducesResponseType<ProvinceStatistics>(StatusCodes.Status200OK, "application/json", FigureCsv.MediaType)]
    public static async Task<IResult> Get([AsParameters] ProvinceStatisticsQuery query, IQuerySession session, TimeProvider time, HttpContext context,
        CancellationToken ct)
    {
        var provinceCode = query.ProvinceCode;
        var (asOfDate, knownAtDate, knownBefore) = (Dates.QueryOrToday(query.AsOf, time), Dates.Query(query.KnownAt, time), Dates.KnownBefore(query.KnownAt, time));
        var monthsFrom = Dates.Query(query.From, time) ?? new DateOnly(asOfDate.Year, asOfDate.Month, 1).AddMonths(-11);

        var freshness = await Freshness.Of(session, [ReadModelNames.Models, ReadModelNames.Catalogue, ReadModelNames.Activity], ct);
        var models = (await ModelMeasures.Count(session, provinceCode, [new ModelWindow(null, asOfDate)], knownAtDate, ct))[0];
        var catalogue = await CatalogueMeasures.On(session, provinceCode, asOfDate, knownAtDate, ct);
        // Everything up to the date, then each month: summed by PostgreSQL, a province holds years of shifts.
        var months = Months(monthsFrom, asOfDate);
        var upToDate = new ActivityWindow(DateOnly.MinValue, asOfDate, asOfDate);
        var sums = await ActivitySums.Of(session, provinceCode, [upToDate, .. months.Select(m => m.Window)], knownBefore, ct);
        var activity = sums[0];
        var commendations = (await ActivitySums.Commendations(session, provinceCode, [upToDate], null, knownBefore, ct))[0];
        return FigureCsv.OrJson(context, new ProvinceStatistics(
            provinceCode, asOfDate, knownAtDate,
            Models(models),
            new CatalogueSummary(Figure.Of(catalogue.Types), Figure.Of(catalogue.Effective), catalogue.ByParty, catalogue.ByMaintainer),
            activity,
            [.. months.Select((m, i) => new MonthlyActivity(m.Month, sums[i + 1].Shifts, sums[i + 1].Participations, sums[i + 1].Inspections, sums[i + 1].Sanctions, sums[i + 1].CasesDetected))],
            Figure.Of(activity.CamerasInstalled.Exact - activity.CamerasDecommissioned.Exact),
            Figure.Of(activity.RecordersInstalled.Exact - activity.RecordersDecommissioned.Exact),
            commendations.ByForm,
            commendations.ByIssuer,
            freshness));
    }
}
