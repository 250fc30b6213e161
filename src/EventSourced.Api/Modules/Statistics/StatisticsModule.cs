using JasperFx.Events.Projections;
using Marten;

namespace EventSourced.Api.Modules.Statistics;

public static class StatisticsModule
{
    public static void ConfigureStatistics(StoreOptions opts)
    {
        // Async: the figures "as known on a date" need the time each event was recorded, which only committed events have.
        opts.Projections.Add<ModelTimelineProjection>(ProjectionLifecycle.Async);
        opts.Schema.For<ModelTimeline>().Duplicate(m => m.ProvinceCode);

        // Async, one document per activity: unit statistics over any window and hierarchy level, with both clocks.
        opts.Projections.Add<ActivityFactProjection>(ProjectionLifecycle.Async);
        opts.Schema.For<ActivityFact>()
            .Duplicate(f => f.ProvinceCode)
            .Duplicate(f => f.DistrictCode)
            .Duplicate(f => f.UnitCode)
            .Duplicate(f => f.UnitVersionId)
            .Duplicate(f => f.On);
    }
}
