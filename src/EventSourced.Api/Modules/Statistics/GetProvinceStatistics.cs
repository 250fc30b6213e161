using EventSourced.Api.Infrastructure;
using EventSourced.Api.Modules.Commendations;
using EventSourced.Api.Modules.Models;
using EventSourced.Api.Modules.Reference;
using Marten;
using Marten.Events.Projections;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourced.Api.Modules.Statistics;

/// <summary>
/// A province's figures as the reviews present them: models launched by type and lead organisation, patrol activity,
/// and commendations by form and issuer. Counts are exact; keys are the API's codes.
/// </summary>
public sealed class ProvinceStatistics
{
    /// <summary>Province code (2 digits).</summary>
    /// <example>79</example>
    public string Id { get; set; } = "";
    /// <summary>Models and good practices registered (instances, as Hà Nội counts them).</summary>
    public int ModelsRegistered { get; set; }
    /// <summary>Instances that were discontinued.</summary>
    public int ModelsDiscontinued { get; set; }
    /// <summary>Instances by kind: MODEL, GOOD_PRACTICE.</summary>
    public Dictionary<string, int> ModelsByKind { get; set; } = [];
    /// <summary>Instances by model type code.</summary>
    public Dictionary<string, int> ModelsByType { get; set; } = [];
    /// <summary>Instances by lead organisation.</summary>
    public Dictionary<string, int> ModelsByLeadOrganisation { get; set; } = [];
    /// <summary>Patrol shifts and participations (person-shifts); inspections, sanctions and cases detected, on shifts or not.</summary>
    public ActivityTotals Activity { get; set; } = ActivityTotals.Zero;
    /// <summary>Registered cases prosecuted (khởi tố).</summary>
    public int CasesProsecuted { get; set; }
    /// <summary>Security cameras in service (installed less decommissioned).</summary>
    public int Cameras { get; set; }
    /// <summary>Recorders (đầu thu) in service.</summary>
    public int Recorders { get; set; }
    /// <summary>Commendations granted.</summary>
    public int Commendations { get; set; }
    /// <summary>Commendations by form: CERTIFICATE_OF_MERIT (Bằng khen), CERTIFICATE_OF_COMMENDATION (Giấy khen).</summary>
    public Dictionary<string, int> CommendationsByForm { get; set; } = [];
    /// <summary>Commendations by issuing organisation.</summary>
    public Dictionary<string, int> CommendationsByIssuer { get; set; } = [];
}

/// <summary>Folds every activity of a province into its figures; keyed by the province code each event names.</summary>
public sealed class ProvinceStatisticsProjection : MultiStreamProjection<ProvinceStatistics, string>
{
    public ProvinceStatisticsProjection()
    {
        Identity<IUnitActivity>(e => e.Unit.ProvinceCode);
    }

    public static void Apply(ModelRegistered e, ProvinceStatistics s)
    {
        s.ModelsRegistered++;
        Increment(s.ModelsByKind, ApiNames.Of(e.Kind));
        Increment(s.ModelsByType, e.ModelType);
        Increment(s.ModelsByLeadOrganisation, ApiNames.Of(e.LeadOrganisation));
    }

    public static void Apply(ModelDiscontinued e, ProvinceStatistics s) => s.ModelsDiscontinued++;

    public static void Apply(PatrolRecorded e, ProvinceStatistics s) => s.Activity = s.Activity.Add(e);

    public static void Apply(InspectionsRecorded e, ProvinceStatistics s) => s.Activity = s.Activity.Add(e);

    public static void Apply(SanctionsRecorded e, ProvinceStatistics s) => s.Activity = s.Activity.Add(e);

    public static void Apply(CaseDetected e, ProvinceStatistics s) => s.Activity = s.Activity.Add(e);

    public static void Apply(CaseProsecuted e, ProvinceStatistics s) => s.CasesProsecuted++;

    public static void Apply(EquipmentInstalled e, ProvinceStatistics s) => (s.Cameras, s.Recorders) = (s.Cameras + e.Cameras, s.Recorders + e.Recorders);

    public static void Apply(EquipmentDecommissioned e, ProvinceStatistics s) => (s.Cameras, s.Recorders) = (s.Cameras - e.Cameras, s.Recorders - e.Recorders);

    public static void Apply(CommendationGranted e, ProvinceStatistics s)
    {
        s.Commendations++;
        Increment(s.CommendationsByForm, ApiNames.Of(e.Form));
        Increment(s.CommendationsByIssuer, ApiNames.Of(e.Issuer));
    }

    private static void Increment(Dictionary<string, int> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;
}

/// <summary>A province's figures and how fresh they are.</summary>
/// <param name="Statistics">The figures.</param>
/// <param name="Freshness">The event sequence they reflect and the store's high-water mark.</param>
public sealed record ProvinceStatisticsView(ProvinceStatistics Statistics, Freshness Freshness);

public static class GetProvinceStatisticsEndpoint
{
    /// <summary>A province's figures: models by type and lead organisation, patrol totals, commendations by form and issuer.</summary>
    /// <remarks>Built asynchronously: 'freshness' says which event sequence the figures reflect. A province with no
    /// recorded activity answers zeros, not 404.</remarks>
    [WolverineGet("/api/v1/provinces/{provinceCode}/statistics")]
    [Tags("Statistics")]
    [ProducesResponseType<ProvinceStatisticsView>(StatusCodes.Status200OK, "application/json", FigureCsv.MediaType)]
    public static async Task<IResult> Get(string provinceCode, IQuerySession session, HttpContext context, CancellationToken ct)
    {
        if (!AdministrativeCodes.IsProvince(provinceCode))
        {
            return Results.Problem(Problems.Field("provinceCode", "Must be a 2-digit province code, e.g. 79."));
        }
        var freshness = await Freshness.Of(session, nameof(ProvinceStatistics), ct);
        var statistics = await session.LoadAsync<ProvinceStatistics>(provinceCode, ct) ?? new ProvinceStatistics { Id = provinceCode };
        return FigureCsv.OrJson(context, new ProvinceStatisticsView(statistics, freshness));
    }
}
