using EventSourced.Api.Infrastructure;
using EventSourced.Api.Modules.Statistics;
using EventSourced.Api.Modules.Statistics.Measures;

namespace EventSourced.Tests.Statistics;

/// <summary>
/// The read models' queries in memory: the state rows of <see cref="ModelMeasures.States"/> and
/// <see cref="CatalogueMeasures.States"/> counted the way ModelMeasures.Count and CatalogueMeasures.On count them in SQL
/// (the rows holding the point valid_from ≤ A &lt; valid_to, known_from ≤ K &lt; known_to), so the pure rule is tested
/// with the figures it produces.
/// </summary>
internal static class StateRows
{
    private static bool Holds(DateOnly validFrom, DateOnly validTo, DateOnly knownFrom, DateOnly knownTo, DateOnly asOf, DateOnly? knownAt)
    {
        var known = StandingRule.KnownDay(knownAt);
        return validFrom <= asOf && asOf < validTo && knownFrom <= known && known < knownTo;
    }

    /// <summary>The row of a model holding the point, if any (at most one does).</summary>
    public static ModelState? At(ModelFacts model, DateOnly asOf, DateOnly? knownAt) =>
        ModelMeasures.States(model).Where(s => Holds(s.ValidFrom, s.ValidTo, s.KnownFrom, s.KnownTo, asOf, knownAt)).ShouldHaveAtMostOne();

    public static ModelCountsInWindow Count(IEnumerable<ModelFacts> models, ModelWindow window, DateOnly? knownAt)
    {
        var standing = models.Select(m => (Model: m, State: At(m, window.AsOf, knownAt))).Where(x => x.State is not null).ToList();
        var groups = standing.Where(x => x.Model.Launch.On >= (window.From ?? DateOnly.MinValue))
            .GroupBy(x => (x.Model.ModelType, Kind: ApiNames.Of(x.Model.Kind), Lead: ApiNames.Of(x.Model.LeadOrganisation)))
            .Select(g => new ModelGroupCount(g.Key.ModelType, g.Key.Kind, g.Key.Lead, g.Count(), g.Count(x => x.Model.ReplicatedFrom is not null),
                g.Count(x => x.State!.Status == ModelStanding.Discontinued), g.Count(x => x.State!.Status == ModelStanding.Effective)))
            .ToList();
        var coverage = standing.Where(x => x.State!.Status != ModelStanding.Discontinued).GroupBy(x => x.Model.ModelType)
            .ToDictionary(g => g.Key, g => (long)g.Select(x => x.Model.Unit.UnitVersionId).Distinct().Count());
        return new ModelCountsInWindow(groups, coverage);
    }

    public static CatalogueOnDate Catalogue(IEnumerable<TimedCatalogueEntry> entries, DateOnly asOf, DateOnly? knownAt) =>
        new([.. entries.Select(e => (Entry: e, State: CatalogueMeasures.States(e)
                .Where(s => Holds(s.ValidFrom, s.ValidTo, s.KnownFrom, s.KnownTo, asOf, knownAt)).ShouldHaveAtMostOne()))
            .Where(x => x.State is not null).Select(x => (x.Entry, x.State!.Status))]);

    private static T? ShouldHaveAtMostOne<T>(this IEnumerable<T> rows) where T : class
    {
        var list = rows.ToList();
        list.Count.ShouldBeLessThanOrEqualTo(1, "the rows of one model or entry do not overlap");
        return list.SingleOrDefault();
    }
}
