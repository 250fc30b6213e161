using EventSourced.Api.Infrastructure;
using EventSourced.Api.Ledger;
using EventSourced.Api.Modules.Programs;
using EventSourced.Api.Modules.Statistics.Measures;
using EventSourced.Api.Modules.Units;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourced.Api.Modules.Statistics;

/// <summary>One year of a program (or its whole period) in a province.</summary>
/// <param name="Period">The year ("2015") or "2013–2023" for the whole period.</param>
/// <param name="From">First day counted.</param>
/// <param name="To">Last day counted (the as-of date when earlier).</param>
/// <param name="ModelsLaunched">Models and good practices launched in the period.</param>
/// <param name="ModelsReplicated">Of those, replicated from another model (nhân rộng).</param>
/// <param name="ModelsEffective">Models launched since the program began that were effective on the period's last day.</param>
/// <param name="CoverageByType">Distinct commune-level units with a live instance of each type on the period's last day.</param>
/// <param name="Activity">Shifts, person-shifts, inspections, sanctions, cases prosecuted, equipment in the period.</param>
/// <param name="CommendationsByForm">Commendations of the program decided in the period, by form.</param>
/// <param name="CommendationsByIssuer">The same, by issuing organisation.</param>
public sealed record ProgramPeriodFigures(
    string Period, DateOnly From, DateOnly To, Figure ModelsLaunched, Figure ModelsReplicated, Figure ModelsEffective,
    IReadOnlyDictionary<string, Figure> CoverageByType, ActivityFigures Activity,
    IReadOnlyDictionary<string, Figure> CommendationsByForm, IReadOnlyDictionary<string, Figure> CommendationsByIssuer);

/// <summary>A coordination program's summary in a province: each year and the whole period (the ten-year reviews).</summary>
public sealed record ProgramSummary(
    string ProgramId, string ProgramName, string ProvinceCode, DateOnly AsOf, DateOnly? KnownAt,
    IReadOnlyList<ProgramPeriodFigures> Years, ProgramPeriodFigures WholePeriod, IReadOnlyList<Freshness> Freshness);

public static class GetProgramSummaryEndpoint
{
    /// <summary>The figures of one period (pure): the models counted in it (launches from its first day) and since the
    /// program began (for "effective"), both as of its last day, beside the activity and commendations summed for it.</summary>
    public static ProgramPeriodFigures Period(
        string label, DateOnly from, DateOnly to, ModelCountsInWindow inPeriod, ModelCountsInWindow sinceProgramBegan,
        ActivityFigures activity, CommendationCounts commendations) =>
        new(label, from, to, Figure.Of(inPeriod.Launched), Figure.Of(inPeriod.Replicated), Figure.Of(sinceProgramBegan.Effective),
            inPeriod.Types.ToDictionary(type => type, type => Figure.Of(inPeriod.CoverageOf(type))), activity, commendations.ByForm, commendations.ByIssuer);

    /// <summary>A program's summary in a province: per year and for the whole period.</summary>
    /// <param name="programId">Program id (GET /api/v1/programs).</param>
    /// <param name="province">Province code (2 digits).</param>
    /// <param name="asOf">Business date (default: today); later years are left out.</param>
    /// <param name="knownAt">Only facts recorded by the end of this date count.</param>
    [Authorize(Policy = Access.ReadStatistics)]
    [WolverineGet("/api/v1/programs/{programId}/summary")]
    [Tags("Statistics")]
    [ProducesResponseType<ProgramSummary>(StatusCodes.Status200OK, "application/json", FigureCsv.MediaType)]
    public static async Task<IResult> Get(string programId, string? province, string? asOf, string? knownAt,
        IQuerySession session, TimeProvider time, HttpContext context, CancellationToken ct)
    {
        var program = await session.LoadAsync<CoordinationProgram>(ProgramIds.For(programId), ct);
        if (program is null)
        {
            return Results.Problem(Problems.NotFound($"No coordination program {programId}."));
        }
        var errors = new Dictionary<string, string[]>();
        if (!AdministrativeCodes.IsProvince(province)) errors["province"] = ["Required: a 2-digit province code."];
        if (!Dates.TryParseQuery(asOf, time, out var asOfDate)) errors["asOf"] = [Dates.QueryDateMessage];
        else if (asOfDate < program.From) errors["asOf"] = [$"The program began on {program.From:yyyy-MM-dd}."];
        var knownBefore = Dates.KnownBefore(knownAt, time, errors, out var knownAtDate);
        if (errors.Count > 0)
        {
            return Results.Problem(Problems.Validation(errors));
        }
        if (!await JurisdictionReach.CoversOrUnknown(context.User, session, province!, VietnamTime.Today(time), ct))
        {
            return Results.Problem(Jurisdiction.Denied($"Province {province}"));
        }

        var freshness = await Freshness.Of(session, [ReadModelNames.Models, ReadModelNames.Activity], ct);
        var end = asOfDate < program.To ? asOfDate : program.To;
        var periods = Enumerable.Range(program.From.Year, end.Year - program.From.Year + 1).Select(year =>
        {
            var from = new DateOnly(year, 1, 1) < program.From ? program.From : new DateOnly(year, 1, 1);
            var to = new DateOnly(year, 12, 31) < end ? new DateOnly(year, 12, 31) : end;
            return (Label: year.ToString(System.Globalization.CultureInfo.InvariantCulture), Window: new ActivityWindow(from, to, to));
        }).Append((Label: $"{program.From.Year}–{end.Year}", Window: new ActivityWindow(program.From, end, end))).ToList();
        var windows = periods.Select(p => p.Window).ToList();
        var activity = await ActivitySums.Of(session, province!, windows, knownBefore, ct);
        var commendations = await ActivitySums.Commendations(session, province!, windows, program.ProgramId, knownBefore, ct);
        // One statement for every period's models: each period from its first day, then each since the program began.
        var models = await ModelMeasures.Count(session, province!,
            [.. windows.Select(w => new ModelWindow(w.From, w.To)), .. windows.Select(w => new ModelWindow(program.From, w.To))], knownAtDate, ct);
        var figures = periods.Select((p, i) => Period(p.Label, p.Window.From, p.Window.To, models[i], models[windows.Count + i], activity[i], commendations[i])).ToList();
        var (years, whole) = (figures[..^1], figures[^1]);
        return FigureCsv.OrJson(context, new ProgramSummary(program.ProgramId, program.Name, province!, asOfDate, knownAtDate, years, whole, freshness));
    }
}
