using EventSourced.Api.Ledger;
using EventSourced.Api.Modules.Reference;

namespace EventSourced.Api.Modules.Models;

// The model stream's events: the long-lived schema. Stored type names are fixed in ModelsModule; a changed shape gets
// a new versioned event and an upcaster, never an edit here.

/// <summary>A self-management security model (or good practice) was registered in a commune-level unit.</summary>
public sealed record ModelRegistered(
    Guid ModelId,
    string ModelType,
    ModelKind Kind,
    string Name,
    UnitSnapshot Unit,
    Organisation LeadOrganisation,
    IReadOnlyList<Organisation> Partners,
    string? ProgramId,
    DateOnly LaunchDate,
    Guid? ReplicatedFrom) : IUnitActivity
{
    DateOnly IUnitActivity.OccurredOn => LaunchDate;
}

/// <summary>A patrol shift (ca tuần tra) of the model, with what it found.</summary>
public sealed record PatrolRecorded(
    Guid ModelId,
    Guid PatrolId,
    UnitSnapshot Unit,
    DateTimeOffset ShiftStart,
    DateTimeOffset ShiftEnd,
    int Participants,
    int Inspections,
    SanctionCounts Sanctions,
    int CasesDetected) : IUnitActivity
{
    DateOnly IUnitActivity.OccurredOn => VietnamTime.DateOf(ShiftStart);
}

/// <summary>Outcome of an assessment of a model.</summary>
public enum AssessmentRating
{
    /// <summary>Đang hoạt động hiệu quả: operating effectively.</summary>
    Effective,
    /// <summary>Not (or no longer) operating effectively.</summary>
    NotEffective,
}

/// <summary>The model was assessed on a date (at a review, an inspection, a unit's report).</summary>
public sealed record ModelAssessed(
    Guid ModelId,
    Guid AssessmentId,
    UnitSnapshot Unit,
    DateOnly AssessedOn,
    AssessmentRating Rating,
    Organisation AssessedBy,
    string? Basis) : IUnitActivity
{
    DateOnly IUnitActivity.OccurredOn => AssessedOn;
}

/// <summary>The model stopped operating on a date (giải thể / ngừng hoạt động).</summary>
public sealed record ModelDiscontinued(
    Guid ModelId,
    UnitSnapshot Unit,
    DateOnly DiscontinuedOn,
    string Reason) : IUnitActivity
{
    DateOnly IUnitActivity.OccurredOn => DiscontinuedOn;
}

/// <summary>Administrative inspections (kiểm tra hành chính) the model carried out with the ward police outside a recorded shift.</summary>
public sealed record InspectionsRecorded(Guid ModelId, Guid RecordId, UnitSnapshot Unit, DateOnly ConductedOn, int Inspections) : IUnitActivity
{
    DateOnly IUnitActivity.OccurredOn => ConductedOn;
}

/// <summary>Administrative sanctions imposed on what the model found outside a recorded shift.</summary>
public sealed record SanctionsRecorded(Guid ModelId, Guid RecordId, UnitSnapshot Unit, DateOnly ImposedOn, SanctionCounts Sanctions) : IUnitActivity
{
    DateOnly IUnitActivity.OccurredOn => ImposedOn;
}

/// <summary>A case the model detected, entered in its case register so its prosecution can be followed.</summary>
/// <param name="CaseReference">The case's pseudonymous reference (never a person's name, rule 12).</param>
/// <param name="PatrolId">The shift that detected it, if it was one (it is then also in that shift's count).</param>
public sealed record CaseDetected(Guid ModelId, Guid CaseId, UnitSnapshot Unit, DateOnly DetectedOn, string CaseReference, Guid? PatrolId) : IUnitActivity
{
    DateOnly IUnitActivity.OccurredOn => DetectedOn;
}

/// <summary>An investigating body prosecuted (khởi tố) a case the model had detected.</summary>
public sealed record CaseProsecuted(Guid ModelId, Guid CaseId, UnitSnapshot Unit, DateOnly ProsecutedOn, string InvestigatingBody) : IUnitActivity
{
    DateOnly IUnitActivity.OccurredOn => ProsecutedOn;
}

/// <summary>Security cameras and recorders (đầu thu) installed for the model.</summary>
public sealed record EquipmentInstalled(Guid ModelId, Guid RecordId, UnitSnapshot Unit, DateOnly InstalledOn, int Cameras, int Recorders) : IUnitActivity
{
    DateOnly IUnitActivity.OccurredOn => InstalledOn;
}

/// <summary>Cameras and recorders taken out of service.</summary>
public sealed record EquipmentDecommissioned(Guid ModelId, Guid RecordId, UnitSnapshot Unit, DateOnly DecommissionedOn, int Cameras, int Recorders) : IUnitActivity
{
    DateOnly IUnitActivity.OccurredOn => DecommissionedOn;
}

/// <summary>Administrative sanctions (xử phạt hành chính) by kind. People sanctioned are never named (rule 12).</summary>
/// <param name="Fines">Fines (phạt tiền).</param>
/// <param name="Warnings">Warnings (cảnh cáo).</param>
/// <param name="Other">Any other form of sanction.</param>
public sealed record SanctionCounts(int Fines, int Warnings, int Other)
{
    public static readonly SanctionCounts None = new(0, 0, 0);

    [System.Text.Json.Serialization.JsonIgnore]
    public int Total => Fines + Warnings + Other;

    public SanctionCounts Add(SanctionCounts other) => new(Fines + other.Fines, Warnings + other.Warnings, Other + other.Other);
}

/// <summary>The counts of one activity record: what a correction replaces and a retraction withdraws.</summary>
/// <param name="Shifts">1 for a patrol shift, else 0.</param>
/// <param name="Participations">Participants on the shift.</param>
/// <param name="Inspections">Inspections.</param>
/// <param name="Sanctions">Sanctions by kind.</param>
/// <param name="CasesDetected">Cases detected on the shift.</param>
public sealed record RecordCounts(int Shifts, int Participations, int Inspections, SanctionCounts Sanctions, int CasesDetected)
{
    public static RecordCounts? Of(object recorded) => recorded switch
    {
        PatrolRecorded p => new(1, p.Participants, p.Inspections, p.Sanctions, p.CasesDetected),
        InspectionsRecorded i => new(0, 0, i.Inspections, SanctionCounts.None, 0),
        SanctionsRecorded s => new(0, 0, 0, s.Sanctions, 0),
        _ => null,
    };
}

/// <summary>Who approved a correction or retraction (a named official in their role).</summary>
/// <param name="Name">Full name.</param>
/// <param name="Position">Position, e.g. Trưởng Công an phường.</param>
public sealed record Approver([property: System.Text.Json.Serialization.JsonRequired] string Name, [property: System.Text.Json.Serialization.JsonRequired] string Position)
{
    /// <summary>As recorded: without the spaces a form may leave around the name and position.</summary>
    public Approver Trimmed() => new(Name.Trim(), Position.Trim());
}

/// <summary>
/// The counts of a recorded activity were corrected, with the reason and the approver. The original event stays as it
/// was; from <paramref name="CorrectedOn"/> (the correction's business date) the figures use <paramref name="Now"/>.
/// </summary>
/// <param name="CorrectedEventId">The event whose record is corrected (as shown in the unit's history).</param>
/// <param name="CorrectedType">Its type, e.g. patrol_recorded.</param>
/// <param name="RecordId">The record (patrol or record id).</param>
/// <param name="SupersededFactId">The figures' fact this replaces: the record, or its previous correction.</param>
/// <param name="Unit">Where the activity happened (the original's unit).</param>
/// <param name="OccurredOn">When the activity happened (unchanged).</param>
public sealed record RecordCorrected(
    Guid ModelId, Guid CorrectionId, Guid CorrectedEventId, string CorrectedType, Guid RecordId, Guid SupersededFactId, UnitSnapshot Unit,
    DateOnly OccurredOn, DateOnly CorrectedOn, RecordCounts Was, RecordCounts Now, string Reason, Approver Approver);

/// <summary>A recorded activity was withdrawn (recorded in error), with the reason and the approver; from
/// <paramref name="RetractedOn"/> it no longer counts. The original event stays as it was.</summary>
public sealed record RecordRetracted(
    Guid ModelId, Guid RetractedEventId, string RetractedType, Guid RecordId, Guid SupersededFactId, UnitSnapshot Unit,
    DateOnly OccurredOn, DateOnly RetractedOn, RecordCounts Was, string Reason, Approver Approver);
