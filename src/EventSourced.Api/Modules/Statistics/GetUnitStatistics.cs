using EventSourced.Api.Infrastructure;
using EventSourced.Api.Ledger;
using EventSourced.Api.Modules.Reference;
using EventSourced.Api.Modules.Statistics.Measures;
using EventSourced.Api.Modules.Units;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourced.Api.Modules.Statistics;

/// <summary>Activity figures for a unit over a window (District 4's apartment teams: 236 shifts, "hơn 1.600" participations,
/// 213 inspections, 7 cases prosecuted, 65 sanctions).</summary>
/// <param name="Shifts">Patrol shifts in the window.</param>
/// <param name="Participations">Sum of participants over those shifts (person-shifts).</param>
/// <param name="Inspections">Administrative inspections, on shifts or not.</param>
/// <param name="Sanctions">Administrative sanctions, all kinds.</param>
/// <param name="Fines">Of which fines.</param>
/// <param name="Warnings">Of which warnings.</param>
/// <param name="CasesDetected">Cases detected in the window.</param>
/// <param name="CasesProsecuted">Rule 5: cases detected on or after the window's start and prosecuted on or before its end.</param>
/// <param name="CamerasInstalled">Cameras installed in the window.</param>
/// <param name="RecordersInstalled">Recorders installed in the window.</param>
/// <param name="CamerasDecommissioned">Cameras taken out of service in the window.</param>
/// <param name="RecordersDecommissioned">Recorders taken out of service in the window.</param>
public sealed record ActivityFigures(
    Figure Shifts, Figure Participations, Figure Inspections, Figure Sanctions, Figure Fines, Figure Warnings,
    Figure CasesDetected, Figure CasesProsecuted, Figure CamerasInstalled, Figure RecordersInstalled,
    Figure CamerasDecommissioned, Figure RecordersDecommissioned);

/// <summary>A unit's activity over a window, the hierarchy taken as it stood on each activity's date.</summary>
/// <param name="Code">The unit code asked about: province (2 digits), district (3) or commune-level unit (5).</param>
/// <param name="From">First day of the window.</param>
/// <param name="To">Last day of the window.</param>
/// <param name="KnownAt">Only facts recorded by the end of this date count; null for everything.</param>
/// <param name="ModelType">Only models of this type, if given.</param>
/// <param name="Figures">The figures (restated: activity recorded in units whose whole territory is in today's unit).</param>
/// <param name="Restatement">With restate=current: today's unit and what could not be restated.</param>
/// <param name="Freshness">Which events they reflect.</param>
public sealed record UnitStatistics(
    string Code, DateOnly From, DateOnly To, DateOnly? KnownAt, string? ModelType, ActivityFigures Figures, Restatement? Restatement, Freshness Freshness);

/// <summary>How activity was restated onto a unit of today.</summary>
/// <param name="Onto">Today's unit version.</param>
/// <param name="WhollyFrom">Earlier versions whose whole territory is in it: their activity is in the figures.</param>
/// <param name="PartlyFrom">Earlier versions only part of which is in it (PART transfers): their activity is ambiguous.</param>
/// <param name="Ambiguous">The activity of those split units, reported apart rather than guessed.</param>
public sealed record Restatement(UnitSnapshot Onto, IReadOnlyList<string> WhollyFrom, IReadOnlyList<string> PartlyFrom, ActivityFigures Ambiguous);

/// <summary>Which unit's activity, over which window, as of and as known on which dates.</summary>
/// <param name="Code">Province (2 digits), district (3: as districts stood until 2025-06-30) or commune-level unit (5:
/// as the code stood on each activity's date).</param>
/// <param name="From">First day of the window (yyyy-MM-dd).</param>
/// <param name="To">Last day of the window (default today).</param>
/// <param name="AsOf">The date the figures stand as of: corrections and retractions count from their own business
/// date (default: <c>to</c>). With <c>knownAt</c>, what was known on a date about the state on another (rule 9).</param>
/// <param name="KnownAt">Only facts recorded by the end of this date count.</param>
/// <param name="Type">Only models of this type.</param>
/// <param name="Restate">'current': restate onto the unit bearing the code today, following reforms; activity of
/// units that were split is reported apart as ambiguous.</param>
public sealed record UnitStatisticsQuery(
    [FromRoute(Name = "code")] string Code,
    [FromQuery(Name = "from")] string? From,
    [FromQuery(Name = "to")] string? To,
    [FromQuery(Name = "asOf")] string? AsOf,
    [FromQuery(Name = "knownAt")] string? KnownAt,
    [FromQuery(Name = "type")] string? Type,
    [FromQuery(Name = "restate")] string? Restate)
{
    private const string RequiredDate = "Required: a date, yyyy-MM-dd.";

    public sealed class Validator : AbstractValidator<UnitStatisticsQuery>
    {
        public Validator(TimeProvider time)
        {
            RuleFor(q => q.Code).Must(AdministrativeCodes.IsAnyUnit).WithMessage("Must be a 2-, 3- or 5-digit unit code.");
            RuleFor(q => q.From).NotNull().WithMessage(RequiredDate).QueryDate(time).WithMessage(RequiredDate);
            RuleFor(q => q.To).QueryDate(time);
            // Compared only once the unit and the window's start are sound, as the route always has.
            RuleFor(q => q.To).Must((q, to) => !(Dates.TryParseQuery(to, time, out var day) && day < Dates.Query(q.From, time)))
                .When(q => AdministrativeCodes.IsAnyUnit(q.Code)).WithMessage("Must not be before 'from'.");
            RuleFor(q => q.KnownAt).QueryDate(time);
            RuleFor(q => q.AsOf).QueryDate(time);
            RuleFor(q => q.Type).Must(type => type is null || ModelTypes.Exists(type)).WithMessage("Not a known model type; see GET /api/v1/model-types.");
            RuleFor(q => q.Restate).Must(restate => restate is null or "current").WithMessage("The only restatement is 'current'.");
        }
    }
}

public static class GetUnitStatisticsEndpoint
{
    /// <summary>A unit's activity over a date window: shifts, participations, inspections, sanctions, cases, equipment.</summary>
    [Authorize(Policy = Access.ReadStatistics)]
    [WolverineGet("/api/v1/units/{code}/statistics")]
    [Tags("Statistics")]
    [ProducesResponseType<UnitStatistics>(StatusCodes.Status200OK, "application/json", FigureCsv.MediaType)]
    public static async Task<IResult> Get([AsParameters] UnitStatisticsQuery query, IQuerySession session, TimeProvider time, HttpContext context,
        CancellationToken ct)
    {
        var (code, type) = (query.Code, query.Type);
        var (fromDate, toDate) = (Dates.QueryOrToday(query.From, time), Dates.QueryOrToday(query.To, time));
        var (asOfDate, knownAtDate, knownBefore) = (Dates.Query(query.AsOf, time), Dates.Query(query.KnownAt, time), Dates.KnownBefore(query.KnownAt, time));
        if (!await JurisdictionReach.CoversOrUnknown(context.User, session, code, VietnamTime.Today(time), ct))
        {
            return Results.Problem(Jurisdiction.Denied($"Unit {code}"));
        }

        var freshness = await Freshness.Of(session, ReadModelNames.Activity, ct);
        if (query.Restate is "current")
        {
            var today = await UnitDirectory.InForce(session, code, VietnamTime.Today(time), ct);
            if (today is null)
            {
                return Results.Problem(Problems.NotFound($"No unit bears code {code} today."));
            }
            var ancestry = await UnitDirectory.Ancestry(session, today, ct);
            var (wholly, partly) = (ancestry.Values.Where(a => a.Wholly).ToList(), ancestry.Values.Where(a => !a.Wholly).ToList());
            var window = new ActivityWindow(fromDate, toDate, asOfDate ?? toDate);
            // Restated from the unit-version rows of the ancestry, never from facts: whole ones in the figures, split ones apart.
            var whollyFigures = await ActivitySums.Of(session, ActivityPlace.UnitVersions(wholly.Select(a => a.Unit.Id)), [window], knownBefore, ct, type);
            var partlyFigures = await ActivitySums.Of(session, ActivityPlace.UnitVersions(partly.Select(a => a.Unit.Id)), [window], knownBefore, ct, type);
            static string Name(AdministrativeUnit u) => $"{u.Name} ({u.Code}, {u.ValidFrom:yyyy-MM-dd}–{u.ValidTo:yyyy-MM-dd})";
            return FigureCsv.OrJson(context, new UnitStatistics(code, fromDate, toDate, knownAtDate, type, whollyFigures[0],
                new Restatement(await UnitDirectory.Snapshot(session, today, ct), [.. wholly.Select(a => Name(a.Unit))], [.. partly.Select(a => Name(a.Unit))],
                    partlyFigures[0]),
                freshness));
        }
        var figures = await ActivitySums.Of(session, code, [new ActivityWindow(fromDate, toDate, asOfDate ?? toDate)], knownBefore, ct, type);
        return FigureCsv.OrJson(context, new UnitStatistics(code, fromDate, toDate, knownAtDate, type, figures[0], null, freshness));
    }
}
