using EventSourced.Api.Modules.Statistics.Measures;
using JasperFx.Events.Projections;
using Marten;

namespace EventSourced.Api.Modules.Statistics;

public static class StatisticsModule
{
    public static void ConfigureStatistics(StoreOptions opts)
    {
        // Async: the figures "as known on a date" need the time each event was recorded, which only committed events have.
        // Each keeps its facts as documents and its state rows in its own table, both wiped when it is rebuilt.
        var schema = opts.DatabaseSchemaName;
        opts.RegisterDocumentType<ModelFacts>();
        opts.RegisterDocumentType<CatalogueFacts>();
        opts.Storage.ExtendedSchemaObjects.Add(ModelStatesProjection.Definition(schema));
        opts.Projections.Add(new ModelStatesProjection(), ProjectionLifecycle.Async, ReadModelNames.Models, o =>
        {
            o.DeleteViewTypeOnTeardown<ModelFacts>();
            o.DeleteDataInTableOnTeardown($"{schema}.{ModelStatesProjection.Table}");
        });
        opts.Storage.ExtendedSchemaObjects.Add(CatalogueStatesProjection.Definition(schema));
        opts.Projections.Add(new CatalogueStatesProjection(), ProjectionLifecycle.Async, ReadModelNames.Catalogue, o =>
        {
            o.DeleteViewTypeOnTeardown<CatalogueFacts>();
            o.DeleteDataInTableOnTeardown($"{schema}.{CatalogueStatesProjection.Table}");
        });

        // Async, additive rows summed per day and month (ActivityRows): any window, hierarchy level and both clocks
        // read a bounded number of rows. The tables are Marten's schema objects, so db-apply creates them.
        opts.Projections.Add(new ActivityFiguresProjection(opts.DatabaseSchemaName), ProjectionLifecycle.Async);
        foreach (var table in ActivityRows.Tables(opts.DatabaseSchemaName))
        {
            opts.Storage.ExtendedSchemaObjects.Add(table);
        }
    }
}
