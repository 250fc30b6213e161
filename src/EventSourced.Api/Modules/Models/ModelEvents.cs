using EventSourced.Api.Modules.Reference;
using EventSourced.Api.Modules.Units;

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
