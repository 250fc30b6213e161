using EventSourced.Api.Infrastructure;
using EventSourced.Api.Modules.Commendations;
using EventSourced.Api.Modules.Models;
using EventSourced.Api.Modules.Units;
using JasperFx.Events;
using Marten;
using Marten.Events.Projections;
using Marten.Patching;

namespace EventSourced.Api.Modules.Statistics;

/// <summary>What an activity fact records.</summary>
public enum ActivityKind
{
    Patrol,
    Inspections,
    Sanctions,
    Case,
    EquipmentInstalled,
    EquipmentDecommissioned,
    Commendation,
}

/// <summary>
/// One recorded activity, flattened for statistics over any unit and window: where it happened as the units stood on
/// its date (commune-level unit, district before 2025-07-01, province), when it happened, when it was known, and its
/// counts. A registered case is one fact whose prosecution date is filled in when it comes (rule 5).
/// </summary>
public sealed record ActivityFact
{
    public Guid Id { get; init; }
    public Guid ModelId { get; init; }
    public ActivityKind Kind { get; init; }
    public required string ProvinceCode { get; init; }
    public string? DistrictCode { get; init; }
    public required string UnitCode { get; init; }
    public Guid UnitVersionId { get; init; }
    public DateOnly On { get; init; }
    public DateTimeOffset KnownSince { get; init; }
    public int Shifts { get; init; }
    public int Participations { get; init; }
    public int Inspections { get; init; }
    public SanctionCounts Sanctions { get; init; } = SanctionCounts.None;
    public int CasesDetected { get; init; }
    public DateOnly? ProsecutedOn { get; init; }
    public DateTimeOffset? ProsecutionKnownSince { get; init; }
    public int Cameras { get; init; }
    public int Recorders { get; init; }
    public CommendationForm? CommendationForm { get; init; }
    public IssuingOrganisation? Issuer { get; init; }
    public string? ProgramId { get; init; }
    /// <summary>For a correction's fact: the business date from which it stands in for the record.</summary>
    public DateOnly? EffectiveFrom { get; init; }
    /// <summary>The business date from which a correction or retraction replaced this fact.</summary>
    public DateOnly? SupersededOn { get; init; }
    /// <summary>When that correction or retraction was known.</summary>
    public DateTimeOffset? SupersededKnownSince { get; init; }

    /// <summary>
    /// Whether the fact's counts stand as of a business date, as known before a moment: it was known; a correction
    /// counts from its own business date; a fact a correction or retraction replaced stops counting from that
    /// amendment's business date, once the amendment is known. So a later correction never changes what was known
    /// before it, nor figures as of dates before it took effect.
    /// </summary>
    public bool Stands(DateOnly asOf, DateTimeOffset? knownBefore)
    {
        bool Known(DateTimeOffset at) => knownBefore is null || at < knownBefore;
        return Known(KnownSince)
            && (EffectiveFrom is not { } from || from <= asOf)
            && !(SupersededOn is { } off && off <= asOf && SupersededKnownSince is { } known && Known(known));
    }

    public static ActivityFact At(IEvent e, Guid id, Guid modelId, ActivityKind kind, UnitSnapshot unit, DateOnly on) => new()
    {
        Id = id,
        ModelId = modelId,
        Kind = kind,
        ProvinceCode = unit.ProvinceCode,
        DistrictCode = unit.DistrictCode,
        UnitCode = unit.Code,
        UnitVersionId = unit.UnitVersionId,
        On = on,
        KnownSince = Reporting.KnownSince(e),
    };
}

public sealed partial class ActivityFactProjection : EventProjection
{
    /// <summary>Stable name: progress and rebuilds are tracked by it, so renaming the class must not reset them.</summary>
    public const string ProjectionName = ReadModelNames.Activity;

    public ActivityFactProjection()
    {
        Name = ProjectionName;
        Options.DeleteViewTypeOnTeardown<ActivityFact>();
    }

    public ActivityFact Create(IEvent<PatrolRecorded> e) =>
        ActivityFact.At(e, e.Data.PatrolId, e.Data.ModelId, ActivityKind.Patrol, e.Data.Unit, Reference.VietnamTime.DateOf(e.Data.ShiftStart)) with
        {
            Shifts = 1,
            Participations = e.Data.Participants,
            Inspections = e.Data.Inspections,
            Sanctions = e.Data.Sanctions,
            CasesDetected = e.Data.CasesDetected,
        };

    public ActivityFact Create(IEvent<InspectionsRecorded> e) =>
        ActivityFact.At(e, e.Data.RecordId, e.Data.ModelId, ActivityKind.Inspections, e.Data.Unit, e.Data.ConductedOn) with { Inspections = e.Data.Inspections };

    public ActivityFact Create(IEvent<SanctionsRecorded> e) =>
        ActivityFact.At(e, e.Data.RecordId, e.Data.ModelId, ActivityKind.Sanctions, e.Data.Unit, e.Data.ImposedOn) with { Sanctions = e.Data.Sanctions };

    /// <summary>A registered case detected on a recorded shift is already in that shift's count.</summary>
    public ActivityFact Create(IEvent<CaseDetected> e) =>
        ActivityFact.At(e, e.Data.CaseId, e.Data.ModelId, ActivityKind.Case, e.Data.Unit, e.Data.DetectedOn) with
        {
            CasesDetected = e.Data.PatrolId is null ? 1 : 0,
        };

    public void Project(IEvent<CaseProsecuted> e, IDocumentOperations operations) =>
        operations.Patch<ActivityFact>(e.Data.CaseId)
            .Set(f => f.ProsecutedOn, e.Data.ProsecutedOn)
            .Set(f => f.ProsecutionKnownSince, Reporting.KnownSince(e));

    public ActivityFact Create(IEvent<EquipmentInstalled> e) =>
        ActivityFact.At(e, e.Data.RecordId, e.Data.ModelId, ActivityKind.EquipmentInstalled, e.Data.Unit, e.Data.InstalledOn) with
        {
            Cameras = e.Data.Cameras,
            Recorders = e.Data.Recorders,
        };

    /// <summary>A commendation is counted where its recipient is, on its decision date (ModelId: the model it is for, if any).</summary>
    public ActivityFact Create(IEvent<CommendationGranted> e) =>
        ActivityFact.At(e, e.Data.CommendationId, e.Data.Recipient.ModelId ?? Guid.Empty, ActivityKind.Commendation, e.Data.Unit, e.Data.DecisionDate) with
        {
            CommendationForm = e.Data.Form,
            Issuer = e.Data.Issuer,
            ProgramId = e.Data.ProgramId,
        };

    /// <summary>A correction: the fact it replaces stops counting from the correction's date; a fact with the corrected counts starts.</summary>
    public void Project(IEvent<RecordCorrected> e, IDocumentOperations operations)
    {
        Supersede(operations, e.Data.SupersededFactId, e.Data.CorrectedOn, e);
        var now = e.Data.Now;
        operations.Store(ActivityFact.At(e, e.Data.CorrectionId, e.Data.ModelId, KindOf(e.Data.CorrectedType), e.Data.Unit, e.Data.OccurredOn) with
        {
            Shifts = now.Shifts,
            Participations = now.Participations,
            Inspections = now.Inspections,
            Sanctions = now.Sanctions,
            CasesDetected = now.CasesDetected,
            EffectiveFrom = e.Data.CorrectedOn,
        });
    }

    public void Project(IEvent<RecordRetracted> e, IDocumentOperations operations) =>
        Supersede(operations, e.Data.SupersededFactId, e.Data.RetractedOn, e);

    private static void Supersede(IDocumentOperations operations, Guid factId, DateOnly on, IEvent e) =>
        operations.Patch<ActivityFact>(factId)
            .Set(f => f.SupersededOn, on)
            .Set(f => f.SupersededKnownSince, Reporting.KnownSince(e));

    private static ActivityKind KindOf(string recordType) => recordType switch
    {
        "patrol_recorded" => ActivityKind.Patrol,
        "inspections_recorded" => ActivityKind.Inspections,
        "sanctions_recorded" => ActivityKind.Sanctions,
        _ => throw new InvalidOperationException($"{recordType} records are not amendable."),
    };

    public ActivityFact Create(IEvent<EquipmentDecommissioned> e) =>
        ActivityFact.At(e, e.Data.RecordId, e.Data.ModelId, ActivityKind.EquipmentDecommissioned, e.Data.Unit, e.Data.DecommissionedOn) with
        {
            Cameras = e.Data.Cameras,
            Recorders = e.Data.Recorders,
        };
}
