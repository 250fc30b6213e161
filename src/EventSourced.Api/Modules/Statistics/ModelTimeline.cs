using EventSourced.Api.Infrastructure;
using EventSourced.Api.Modules.Models;
using EventSourced.Api.Modules.Reference;
using EventSourced.Api.Modules.Units;
using JasperFx.Events;
using Marten.Events.Aggregation;

namespace EventSourced.Api.Modules.Statistics;

/// <summary>A fact about a model with both clocks: when it happened and when the ledger learned it (rule 9).</summary>
/// <param name="On">Business date.</param>
/// <param name="RecordedAt">When it was recorded.</param>
public sealed record TimedFact(DateOnly On, DateTimeOffset RecordedAt);

/// <summary>An assessment with both clocks.</summary>
public sealed record TimedAssessment(DateOnly On, DateTimeOffset RecordedAt, AssessmentRating Rating);

/// <summary>
/// What the statistics need to know about one model to answer "as of a date, as known on a date": its registration,
/// assessments and discontinuation, each with its business date and recorded time. Built asynchronously, because only
/// committed events carry the time they were recorded.
/// </summary>
public sealed record ModelTimeline
{
    public Guid Id { get; init; }
    public required string ProvinceCode { get; init; }
    public required UnitSnapshot Unit { get; init; }
    public required string ModelType { get; init; }
    public ModelKind Kind { get; init; }
    public Organisation LeadOrganisation { get; init; }
    public Guid? ReplicatedFrom { get; init; }
    public string? ProgramId { get; init; }
    public required TimedFact Launch { get; init; }
    public IReadOnlyList<TimedAssessment> Assessments { get; init; } = [];
    public TimedFact? Discontinuation { get; init; }

    /// <summary>The model as a report dated <paramref name="knownBefore"/> would have seen it (null: everything recorded).</summary>
    public bool IsKnown(DateTimeOffset? knownBefore) => Known(Launch, knownBefore);

    public bool LaunchedBy(DateOnly asOf, DateTimeOffset? knownBefore) => IsKnown(knownBefore) && Launch.On <= asOf;

    public bool DiscontinuedBy(DateOnly asOf, DateTimeOffset? knownBefore) =>
        Discontinuation is { } d && d.On <= asOf && Known(d, knownBefore);

    /// <summary>Launched and not discontinued on the date (rule 4's "live instance").</summary>
    public bool LiveOn(DateOnly asOf, DateTimeOffset? knownBefore) => LaunchedBy(asOf, knownBefore) && !DiscontinuedBy(asOf, knownBefore);

    /// <summary>Rule 3 under rule 9: the latest assessment on or before the date, among those recorded by then, says
    /// EFFECTIVE, and the model is not discontinued then. Of two on one day, the one recorded later counts.</summary>
    public bool EffectiveOn(DateOnly asOf, DateTimeOffset? knownBefore) =>
        LiveOn(asOf, knownBefore)
        && Assessments.Where(a => a.On <= asOf && (knownBefore is null || a.RecordedAt < knownBefore))
            .OrderBy(a => a.On).ThenBy(a => a.RecordedAt)
            .LastOrDefault() is { Rating: AssessmentRating.Effective };

    private static bool Known(TimedFact fact, DateTimeOffset? knownBefore) => knownBefore is null || fact.RecordedAt < knownBefore;
}

public sealed class ModelTimelineProjection : SingleStreamProjection<ModelTimeline, Guid>
{
    public static ModelTimeline Create(IEvent<ModelRegistered> e) => new()
    {
        Id = e.Data.ModelId,
        ProvinceCode = e.Data.Unit.ProvinceCode,
        Unit = e.Data.Unit,
        ModelType = e.Data.ModelType,
        Kind = e.Data.Kind,
        LeadOrganisation = e.Data.LeadOrganisation,
        ReplicatedFrom = e.Data.ReplicatedFrom,
        ProgramId = e.Data.ProgramId,
        Launch = new TimedFact(e.Data.LaunchDate, Reporting.KnownSince(e)),
    };

    public static ModelTimeline Apply(IEvent<ModelAssessed> e, ModelTimeline timeline) =>
        timeline with { Assessments = [.. timeline.Assessments, new TimedAssessment(e.Data.AssessedOn, Reporting.KnownSince(e), e.Data.Rating)] };

    public static ModelTimeline Apply(IEvent<ModelDiscontinued> e, ModelTimeline timeline) =>
        timeline with { Discontinuation = new TimedFact(e.Data.DiscontinuedOn, Reporting.KnownSince(e)) };
}
