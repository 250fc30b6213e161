using Marten;

namespace EventSourced.Api.Modules.Catalogues;

public static class CataloguesModule
{
    public static void ConfigureCatalogues(StoreOptions opts)
    {
        opts.Events.MapEventType<CatalogueTypeAdded>("catalogue_type_added");
        opts.Events.MapEventType<CatalogueTypeRemoved>("catalogue_type_removed");
        opts.Events.MapEventType<CatalogueTypeAssessed>("catalogue_type_assessed");
        // The write side aggregates the stream live (Catalogue); the figures are Statistics' CatalogueStates read model.
    }
}
