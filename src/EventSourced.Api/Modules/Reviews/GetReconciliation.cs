using System.Security.Claims;
using EventSourced.Api.Infrastructure;
using EventSourced.Api.Ledger;
using EventSourced.Api.Modules.Clusters;
using EventSourced.Api.Modules.Statistics;
using EventSourced.Api.Modules.Statistics.Measures;
using EventSourced.Api.Modules.Units;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourced.Api.Modules.Reviews;

/// <summary>Whether the ledger reproduces a reported figure.</summary>
public enum ReconciliationStatus
{
    /// <summary>Equal for an exact figure; greater than the bound for a "hơn N" figure.</summary>
    Match,
    /// <summary>The computed value differs.</summary>
    Different,
}

/// <summary>A reported figure beside the value computed from the events.</summary>
/// <param name="Key">The figure's label.</param>
/// <param name="Wording">The Vietnamese wording as reported.</param>
/// <param name="Measure">What it counts.</param>
/// <param name="Scope">The unit counted.</param>
/// <param name="Reported">The number stated.</param>
/// <param name="Qualifier">EXACT or MORE_THAN.</param>
/// <param name="Computed">The value computed as of and as known on the conference date.</param>
/// <param name="Status">MATCH or DIFFERENT.</param>
/// <param name="Difference">Computed less reported.</param>
public sealed record ReconciledFigure(
    string Key, string Wording, Measure Measure, string Scope, long Reported, Qualifier Qualifier, Figure Computed,
    ReconciliationStatus Status, long Difference);

/// <summary>Every figure a conference reported, reconciled with the ledger.</summary>
/// <param name="ReviewId">The conference.</param>
/// <param name="Title">Its title.</param>
/// <param name="HeldOn">Its date: figures are computed as of it and as known by its end.</param>
/// <param name="Matches">Figures that match.</param>
/// <param name="Differences">Figures that do not.</param>
/// <param name="Figures">Each figure, reported against computed.</param>
/// <param name="Freshness">Which events the computation reflects, per projection used.</param>
public sealed record Reconciliation(
    Guid ReviewId, string Title, DateOnly HeldOn, int Matches, int Differences, IReadOnlyList<ReconciledFigure> Figures, IReadOnlyList<Freshness> Freshness);

public static class GetReconciliationEndpoint
{
    /// <summary>Rule 10: an exact figure matches an equal count; "hơn N" matches any count greater than N.</summary>
    public static ReconciledFigure Reconcile(ReportedFigure figure, long computed) => new(
        figure.Key, figure.Wording, figure.Measure, figure.Scope, figure.Value, figure.Qualifier, Figure.Of(computed),
        (figure.Qualifier == Qualifier.MoreThan ? ReportedNumbers.SatisfiesMoreThan(computed, figure.Value) : computed == figure.Value)
            ? ReconciliationStatus.Match : ReconciliationStatus.Different,
        computed - figure.Value);

    /// <summary>The first figure scope the caller may not see: a unit outside its jurisdiction, or a cluster (which spans provinces) for a caller without national jurisdiction.</summary>
    private static async Task<string?> OutsideJurisdiction(ClaimsPrincipal user, IQuerySession session, ReviewConference review, DateOnly today, CancellationToken ct)
    {
        if (Jurisdiction.IsNational(user))
        {
            return null;
        }
        foreach (var figure in review.Figures)
        {
            if (figure.Measure == Measure.ClusterMembers || !await JurisdictionReach.CoversOrUnknown(user, session, figure.Scope, today, ct))
            {
                return figure.Scope;
            }
        }
        return null;
    }

    /// <summary>Computes one figure's measure as of the conference date, from what was known by its end.</summary>
    private static async Task<long> Compute(FigureSources sources, ReportedFigure figure, DateOnly heldOn, CancellationToken ct)
    {
        var knownBefore = Dates.KnownBefore(heldOn);
        switch (figure.Measure)
        {
            case Measure.ModelsLaunched or Measure.ModelsEffective or Measure.Coverage:
                return ModelMeasures.Value(figure.Measure, await sources.Models(figure.Scope, new ModelWindow(figure.From, heldOn), heldOn), figure.ModelType);
            case Measure.ClusterMembers:
                var cluster = await sources.Session.LoadAsync<EmulationCluster>(ClusterIds.For(figure.Scope), ct);
                return cluster?.MembersOn(heldOn).Count ?? 0;
            case Measure.CatalogueTypes or Measure.CatalogueEffective:
                return CatalogueMeasures.Value(figure.Measure, await sources.Catalogue(figure.Scope, heldOn), figure.Party);
            default:
                var to = figure.To ?? heldOn;
                var figures = await sources.Activity(figure.Scope, new ActivityWindow(figure.From!.Value, to, to), figure.ModelType, knownBefore);
                return figure.Measure switch
                {
                    Measure.Shifts => figures.Shifts.Exact,
                    Measure.Participations => figures.Participations.Exact,
                    Measure.Inspections => figures.Inspections.Exact,
                    Measure.Sanctions => figures.Sanctions.Exact,
                    Measure.CasesProsecuted => figures.CasesProsecuted.Exact,
                    Measure.CamerasInstalled => figures.CamerasInstalled.Exact,
                    _ => figures.RecordersInstalled.Exact,
                };
        }
    }

    /// <summary>Reported against computed: every figure the conference reported, recomputed as of and as known on its date.</summary>
    [Authorize(Policy = Access.ReadStatistics)]
    [WolverineGet("/api/v1/reviews/{reviewId}/reconciliation")]
    [Tags("Reviews")]
    [ProducesResponseType<Reconciliation>(StatusCodes.Status200OK, "application/json", FigureCsv.MediaType)]
    public static async Task<IResult> Get(Guid reviewId, IQuerySession session, TimeProvider time, HttpContext context, CancellationToken ct)
    {
        var review = await session.LoadAsync<ReviewConference>(reviewId, ct);
        if (review is null)
        {
            return Results.Problem(Problems.NotFound($"No review conference {reviewId} is recorded."));
        }
        if (await OutsideJurisdiction(context.User, session, review, VietnamTime.Today(time), ct) is { } scope)
        {
            return Results.Problem(Jurisdiction.Denied($"Figure scope {scope} of this review"));
        }
        var freshness = await Freshness.Of(session, [ReadModelNames.Models, ReadModelNames.Catalogue, ReadModelNames.Activity], ct);
        var sources = new FigureSources(session, ct);
        var figures = new List<ReconciledFigure>();
        foreach (var figure in review.Figures)
        {
            figures.Add(Reconcile(figure, await Compute(sources, figure, review.HeldOn, ct)));
        }
        var matches = figures.Count(f => f.Status == ReconciliationStatus.Match);
        return FigureCsv.OrJson(context, new Reconciliation(review.Id, review.Title, review.HeldOn, matches, figures.Count - matches, figures, freshness));
    }

    /// <summary>
    /// The read models a reconciliation reads, each distinct read done once: a conference reports several figures of
    /// one city or one window (launched, effective, coverage of Hà Nội; shifts, inspections, cases of one district).
    /// </summary>
    private sealed class FigureSources(IQuerySession session, CancellationToken ct)
    {
        private readonly Dictionary<(string, ModelWindow), Task<ModelCountsInWindow>> _models = [];
        private readonly Dictionary<(string, DateOnly), Task<CatalogueOnDate>> _catalogues = [];
        private readonly Dictionary<(string, ActivityWindow, string?, DateTimeOffset), Task<ActivityFigures>> _activity = [];

        public IQuerySession Session => session;

        /// <summary>A province's models in a window, as known on <paramref name="knownAt"/>.</summary>
        public Task<ModelCountsInWindow> Models(string scope, ModelWindow window, DateOnly knownAt) =>
            Once(_models, (scope, window), async () => (await ModelMeasures.Count(session, scope, [window], knownAt, ct))[0]);

        /// <summary>A province's catalogue on a date, as known on that date.</summary>
        public Task<CatalogueOnDate> Catalogue(string scope, DateOnly on) =>
            Once(_catalogues, (scope, on), () => CatalogueMeasures.On(session, scope, on, on, ct));

        public Task<ActivityFigures> Activity(string scope, ActivityWindow window, string? modelType, DateTimeOffset knownBefore) =>
            Once(_activity, (scope, window, modelType, knownBefore), async () =>
                (await ActivitySums.Of(session, scope, [window], knownBefore, ct, modelType))[0]);

        private static Task<T> Once<TKey, T>(Dictionary<TKey, Task<T>> reads, TKey key, Func<Task<T>> read) where TKey : notnull
        {
            if (!reads.TryGetValue(key, out var pending))
            {
                pending = read();
                reads[key] = pending;
            }
            return pending;
        }
    }
}
