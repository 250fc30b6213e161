using EventSourced.Api.Modules.Catalogues;
using Marten;

namespace EventSourced.Api.Modules.Statistics;

/// <summary>The read models the figures are computed from, loaded one way for the statistics endpoints and reconciliation.</summary>
public static class StatisticsData
{
    public static async Task<IReadOnlyList<ModelTimeline>> ModelTimelines(IQuerySession session, string provinceCode, CancellationToken ct) =>
        await session.Query<ModelTimeline>().Where(m => m.ProvinceCode == provinceCode).ToListAsync(ct);

    public static Task<CatalogueTimeline?> Catalogue(IQuerySession session, string provinceCode, CancellationToken ct) =>
        session.LoadAsync<CatalogueTimeline>(CatalogueIds.For(provinceCode), ct);
}
