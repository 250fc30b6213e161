using EventSourced.Api.Modules.Catalogues;
using EventSourced.Api.Modules.Models;
using Marten;

namespace EventSourced.Api.Modules.Statistics;

/// <summary>The read models the figures are computed from, loaded one way for the statistics endpoints and reconciliation.</summary>
public static class StatisticsData
{
    public static async Task<IReadOnlyList<ModelTimeline>> ModelTimelines(IQuerySession session, string provinceCode, CancellationToken ct) =>
        await session.Query<ModelTimeline>().Where(m => m.ProvinceCode == provinceCode).ToListAsync(ct);

    public static Task<CatalogueTimeline?> Catalogue(IQuerySession session, string provinceCode, CancellationToken ct) =>
        session.LoadAsync<CatalogueTimeline>(CatalogueIds.For(provinceCode), ct);

    /// <summary>The activity facts recorded in given unit versions (a restatement's ancestry).</summary>
    public static async Task<IReadOnlyList<ActivityFact>> ActivityFactsOf(
        IQuerySession session, IEnumerable<Guid> unitVersionIds, DateOnly from, DateOnly to, string? modelType, CancellationToken ct)
    {
        var ids = unitVersionIds.ToList();
        var facts = await session.Query<ActivityFact>()
            .Where(f => f.On <= to && (f.On >= from || f.Kind == ActivityKind.Case) && ids.Contains(f.UnitVersionId))
            .ToListAsync(ct);
        return await OfType(session, facts, modelType, ct);
    }

    private static async Task<IReadOnlyList<ActivityFact>> OfType(IQuerySession session, IReadOnlyList<ActivityFact> facts, string? modelType, CancellationToken ct)
    {
        if (modelType is null)
        {
            return facts;
        }
        var ofType = (await session.LoadManyAsync<SecurityModel>(ct, facts.Select(f => f.ModelId).Distinct()))
            .Where(m => m.ModelType == modelType).Select(m => m.Id).ToHashSet();
        return [.. facts.Where(f => ofType.Contains(f.ModelId))];
    }
}
