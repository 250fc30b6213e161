namespace EventSourced.Api.Modules.Statistics;

/// <summary>
/// The statistics read models by the names their projections are tracked under (progress, rebuilds, freshness): one
/// place, so every answer names the read models it used the same way.
/// </summary>
public static class ReadModelNames
{
    public const string Activity = "ActivityFigures";
    public const string Models = "ModelStates";
    public const string Catalogue = "CatalogueStates";
}
