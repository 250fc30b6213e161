using JasperFx.Events.Projections;
using Marten;

namespace EventSourced.Api.Modules.Catalogues;

public static class CataloguesModule
{
    public static void ConfigureCatalogues(StoreOptions opts)
    {
        opts.Events.MapEventType<CatalogueTypeAdded>("catalogue_type_added");
        opts.Events.MapEventType<CatalogueTypeRemoved>("catalogue_type_removed");
        opts.Events.MapEventType<CatalogueTypeAssessed>("catalogue_type_assessed");

        // The write side aggregates the stream live (Catalogue); the read side needs recorded times, so it is async.
        opts.Projections.Add<CatalogueTimelineProjection>(ProjectionLifecycle.Async);
    }
}
