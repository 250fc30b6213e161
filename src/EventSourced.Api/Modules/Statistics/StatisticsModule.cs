using EventSourced.Api.Modules.Statistics.Measures;
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

        // Async, additive rows summed per day and month (ActivityRows): any window, hierarchy level and both clocks
        // read a bounded number of rows. The tables are Marten's schema objects, so db-apply creates them.
        opts.Projections.Add(new ActivityFiguresProjection(opts.DatabaseSchemaName), ProjectionLifecycle.Async);
        foreach (var table in ActivityRows.Tables(opts.DatabaseSchemaName))
        {
            opts.Storage.ExtendedSchemaObjects.Add(table);
        }
    }
}
