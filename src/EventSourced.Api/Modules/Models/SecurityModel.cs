using EventSourced.Api.Ledger;
using EventSourced.Api.Modules.Reference;

namespace EventSourced.Api.Modules.Models;

/// <summary>Whether the model is operating.</summary>
public enum ModelStatus
{
    /// <summary>Operating (or launching on its launch date).</summary>
    Active,
    /// <summary>Discontinued: no activity may be recorded on or after the discontinuation date.</summary>
    Discontinued,
}

/// <summary>Running totals of a model's recorded activity.</summary>
/// <param name="PatrolShifts">Patrol shifts recorded.</param>
/// <param name="Participations">Sum of participants over all shifts (person-shifts, as the reviews count them).</param>
/// <param name="Inspections">Administrative inspections (kiểm tra hành chính).</param>
/// <param name="Sanctions">Administrative sanctions by kind.</param>
/// <param name="CasesDetected">Cases detected by the model (counted on shifts and in the case register).</param>
public sealed record ActivityTotals(int PatrolShifts, int Participations, int Inspections, SanctionCounts Sanctions, int CasesDetected)
{
    public static readonly ActivityTotals Zero = new(0, 0, 0, SanctionCounts.None, 0);

    public ActivityTotals Add(InspectionsRecorded e) => this with { Inspections = Inspections + e.Inspections };

    public ActivityTotals Add(SanctionsRecorded e) => this with { Sanctions = Sanctions.Add(e.Sanctions) };

    /// <summary>A registered case detected on a recorded shift is already in that shift's count.</summary>
    public ActivityTotals Add(CaseDetected e) => e.PatrolId is null ? this with { CasesDetected = CasesDetected + 1 } : this;

    public ActivityTotals Add(PatrolRecorded patrol) => Add(RecordCounts.Of(patrol)!, 1);

    /// <summary>Adds (sign 1) or withdraws (sign -1) one record's counts.</summary>
    public ActivityTotals Add(RecordCounts counts, int sign) => new(
        PatrolShifts + (sign * counts.Shifts),
        Participations + (sign * counts.Participations),
        Inspections + (sign * counts.Inspections),
        new SanctionCounts(
            Sanctions.Fines + (sign * counts.Sanctions.Fines),
            Sanctions.Warnings + (sign * counts.Sanctions.Warnings),
            Sanctions.Other + (sign * counts.Sanctions.Other)),
        CasesDetected + (sign * counts.CasesDetected));
}

/// <summary>A correction or retraction of one of the model's activity records.</summary>
/// <param name="RecordId">The record amended.</param>
/// <param name="EventId">The event that first recorded it.</param>
/// <param name="Kind">CORRECTED or RETRACTED.</param>
/// <param name="On">Business date from which the amendment counts.</param>
/// <param name="Counts">The record's counts from then (for a retraction, what was withdrawn).</param>
/// <param name="FactId">The figures' fact now standing for the record (the latest correction's id, or the record's).</param>
/// <param name="Reason">Why.</param>
/// <param name="Approver">Who approved it.</param>
public sealed record RecordAmendment(Guid RecordId, Guid EventId, AmendmentKind Kind, DateOnly On, RecordCounts Counts, Guid FactId, string Reason, Approver Approver);

public enum AmendmentKind
{
    Corrected,
    Retracted,
}

/// <summary>A case in the model's register.</summary>
/// <param name="CaseId">Id of the case.</param>
/// <param name="CaseReference">Pseudonymous reference.</param>
/// <param name="DetectedOn">When the model detected it.</param>
/// <param name="PatrolId">The shift that detected it, if any.</param>
/// <param name="ProsecutedOn">When it was prosecuted (khởi tố), if it was.</param>
/// <param name="InvestigatingBody">Who prosecuted it.</param>
public sealed record RegisteredCase(Guid CaseId, string CaseReference, DateOnly DetectedOn, Guid? PatrolId, DateOnly? ProsecutedOn, string? InvestigatingBody);

/// <summary>A change in the equipment in service: positive when installed, negative when decommissioned.</summary>
/// <param name="On">Business date.</param>
/// <param name="Cameras">Cameras added (or removed, negative).</param>
/// <param name="Recorders">Recorders added (or removed, negative).</param>
public sealed record EquipmentChange(DateOnly On, int Cameras, int Recorders);

/// <summary>An assessment of a model.</summary>
/// <param name="AssessmentId">Id of the assessment.</param>
/// <param name="AssessedOn">Business date of the assessment.</param>
/// <param name="Rating">EFFECTIVE or NOT_EFFECTIVE.</param>
/// <param name="AssessedBy">The organisation that assessed it.</param>
/// <param name="Basis">What the assessment rests on (a review, an inspection report).</param>
public sealed record Assessment(Guid AssessmentId, DateOnly AssessedOn, AssessmentRating Rating, Organisation AssessedBy, string? Basis);

/// <summary>
/// A self-management security model (mô hình tự quản) as the ledger knows it: what was registered, whether it is
/// operating, and the running totals of its activity. The write model and the read model in one document, kept
/// inline so a command and the GET after it see the same state.
/// </summary>
public sealed record SecurityModel
{
    /// <summary>Model id (the stream id).</summary>
    public Guid Id { get; init; }
    /// <summary>Model type code from the catalogue (GET /api/v1/model-types).</summary>
    /// <example>apartment-self-management-team</example>
    public required string ModelType { get; init; }
    /// <summary>MODEL or GOOD_PRACTICE.</summary>
    public ModelKind Kind { get; init; }
    /// <summary>Name as the unit uses it.</summary>
    /// <example>Tổ tự quản chung cư H3 Hoàng Diệu</example>
    public required string Name { get; init; }
    /// <summary>Province code (2 digits) where the model was registered.</summary>
    /// <example>79</example>
    public required string ProvinceCode { get; init; }
    /// <summary>Commune-level unit code (5 digits) where the model was registered.</summary>
    /// <example>27259</example>
    public required string UnitCode { get; init; }
    /// <summary>The unit version in force at the launch, with its district and province then.</summary>
    public required UnitSnapshot Unit { get; init; }
    /// <summary>Organisation that leads the model.</summary>
    public Organisation LeadOrganisation { get; init; }
    /// <summary>Partner organisations.</summary>
    public IReadOnlyList<Organisation> Partners { get; init; } = [];
    /// <summary>Coordination program the model implements, if any.</summary>
    public string? ProgramId { get; init; }
    /// <summary>Launch date.</summary>
    public DateOnly LaunchDate { get; init; }
    /// <summary>The model this one was replicated from (nhân rộng), if any.</summary>
    public Guid? ReplicatedFrom { get; init; }
    /// <summary>Operating status.</summary>
    public ModelStatus Status { get; init; }
    /// <summary>Date the model stopped operating, if it did.</summary>
    public DateOnly? DiscontinuedOn { get; init; }
    /// <summary>Running totals of recorded activity.</summary>
    public ActivityTotals Totals { get; init; } = ActivityTotals.Zero;
    /// <summary>Assessments in business-date order (a late report takes its place by date, not by arrival).</summary>
    public IReadOnlyList<Assessment> Assessments { get; init; } = [];
    /// <summary>The case register: cases detected and, when it happened, their prosecution.</summary>
    public IReadOnlyList<RegisteredCase> Cases { get; init; } = [];
    /// <summary>Equipment installed and decommissioned, in business-date order.</summary>
    public IReadOnlyList<EquipmentChange> Equipment { get; init; } = [];
    /// <summary>Corrections and retractions of its activity records, in the order recorded.</summary>
    public IReadOnlyList<RecordAmendment> Amendments { get; init; } = [];
    /// <summary>Stream version: the number of events recorded for this model.</summary>
    public int Version { get; set; }

    public static SecurityModel Create(ModelRegistered e) => new()
    {
        Id = e.ModelId,
        ModelType = e.ModelType,
        Kind = e.Kind,
        Name = e.Name,
        ProvinceCode = e.Unit.ProvinceCode,
        UnitCode = e.Unit.Code,
        Unit = e.Unit,
        LeadOrganisation = e.LeadOrganisation,
        Partners = e.Partners,
        ProgramId = e.ProgramId,
        LaunchDate = e.LaunchDate,
        ReplicatedFrom = e.ReplicatedFrom,
        Status = ModelStatus.Active,
    };

    public SecurityModel Apply(PatrolRecorded e) => this with { Totals = Totals.Add(e) };

    public SecurityModel Apply(InspectionsRecorded e) => this with { Totals = Totals.Add(e) };

    public SecurityModel Apply(SanctionsRecorded e) => this with { Totals = Totals.Add(e) };

    public SecurityModel Apply(CaseDetected e) => this with
    {
        Totals = Totals.Add(e),
        Cases = [.. Cases, new RegisteredCase(e.CaseId, e.CaseReference, e.DetectedOn, e.PatrolId, null, null)],
    };

    public SecurityModel Apply(CaseProsecuted e) => this with
    {
        Cases = [.. Cases.Select(c => c.CaseId == e.CaseId ? c with { ProsecutedOn = e.ProsecutedOn, InvestigatingBody = e.InvestigatingBody } : c)],
    };

    public SecurityModel Apply(EquipmentInstalled e) => this with
    {
        Equipment = [.. Equipment.Append(new EquipmentChange(e.InstalledOn, e.Cameras, e.Recorders)).OrderBy(c => c.On)],
    };

    public SecurityModel Apply(EquipmentDecommissioned e) => this with
    {
        Equipment = [.. Equipment.Append(new EquipmentChange(e.DecommissionedOn, -e.Cameras, -e.Recorders)).OrderBy(c => c.On)],
    };

    /// <summary>Cameras and recorders in service at the end of a date.</summary>
    public (int Cameras, int Recorders) EquipmentOn(DateOnly date) =>
        Equipment.Where(c => c.On <= date).Aggregate((0, 0), (sum, c) => (sum.Item1 + c.Cameras, sum.Item2 + c.Recorders));

    /// <summary>Whether every later date keeps a non-negative count if this change is added (a late report included).</summary>
    public bool KeepsEquipmentNonNegative(EquipmentChange change)
    {
        var changes = Equipment.Append(change).OrderBy(c => c.On).ToList();
        return changes.Select(c => c.On).Distinct().All(d =>
            changes.Where(c => c.On <= d).Sum(c => c.Cameras) >= 0 && changes.Where(c => c.On <= d).Sum(c => c.Recorders) >= 0);
    }

    public SecurityModel Apply(ModelAssessed e) => this with
    {
        // Stable: of two assessments on one day, the one recorded later counts.
        Assessments = [.. Assessments.Append(new Assessment(e.AssessmentId, e.AssessedOn, e.Rating, e.AssessedBy, e.Basis)).OrderBy(a => a.AssessedOn)],
    };

    public SecurityModel Apply(ModelDiscontinued e) => this with { Status = ModelStatus.Discontinued, DiscontinuedOn = e.DiscontinuedOn };

    public SecurityModel Apply(RecordCorrected e) => this with
    {
        Totals = Totals.Add(e.Was, -1).Add(e.Now, 1),
        Amendments = [.. Amendments, new RecordAmendment(e.RecordId, e.CorrectedEventId, AmendmentKind.Corrected, e.CorrectedOn, e.Now, e.CorrectionId, e.Reason, e.Approver)],
    };

    public SecurityModel Apply(RecordRetracted e) => this with
    {
        Totals = Totals.Add(e.Was, -1),
        Amendments = [.. Amendments, new RecordAmendment(e.RecordId, e.RetractedEventId, AmendmentKind.Retracted, e.RetractedOn, e.Was, e.SupersededFactId, e.Reason, e.Approver)],
    };

    /// <summary>The latest amendment of a record, if it was amended.</summary>
    public RecordAmendment? LatestAmendmentOf(Guid recordId) => Amendments.LastOrDefault(a => a.RecordId == recordId);

    /// <summary>
    /// The model as it stood on a business date, from a stream's events as the ledger knew them: each event counts from
    /// its own business date (an amendment from its CorrectedOn/RetractedOn). Used for GET …?asOf=.
    /// </summary>
    public static SecurityModel? Replay(IEnumerable<JasperFx.Events.IEvent> stream, DateOnly? asOf)
    {
        SecurityModel? model = null;
        foreach (var recorded in stream)
        {
            var e = recorded.Data;
            if (asOf is { } date && BusinessDateOf(e) is { } on && on > date)
            {
                continue;
            }
            model = e switch
            {
                ModelRegistered r => Create(r),
                PatrolRecorded p => model?.Apply(p),
                InspectionsRecorded i => model?.Apply(i),
                SanctionsRecorded s => model?.Apply(s),
                CaseDetected c => model?.Apply(c),
                CaseProsecuted c => model?.Apply(c),
                EquipmentInstalled q => model?.Apply(q),
                EquipmentDecommissioned q => model?.Apply(q),
                ModelAssessed a => model?.Apply(a),
                ModelDiscontinued d => model?.Apply(d),
                RecordCorrected c => model?.Apply(c),
                RecordRetracted r => model?.Apply(r),
                _ => model,
            };
            if (model is not null)
            {
                model.Version = (int)recorded.Version;
            }
        }
        return model;
    }

    private static DateOnly? BusinessDateOf(object e) => e switch
    {
        ModelRegistered => null, // the model exists from its registration; its launch date is part of its state
        IUnitActivity activity => activity.OccurredOn,
        RecordCorrected c => c.CorrectedOn,
        RecordRetracted r => r.RetractedOn,
        _ => null,
    };

    /// <summary>
    /// DESIGN.md rule 3: effective on a date when its latest assessment on or before that date says EFFECTIVE and it is
    /// not discontinued by then. Never "ever rated effective", never "latest regardless of date".
    /// </summary>
    public bool IsEffectiveOn(DateOnly date) => LatestAssessmentOn(date) is { Rating: AssessmentRating.Effective } && !IsDiscontinuedOn(date);

    /// <summary>The assessment in force on a date: the latest one on or before it.</summary>
    public Assessment? LatestAssessmentOn(DateOnly date) => Assessments.LastOrDefault(a => a.AssessedOn <= date);

    public bool IsDiscontinuedOn(DateOnly date) => DiscontinuedOn is { } end && date >= end;

    /// <summary>Whether the model was operating on a date: launched on or before it and not discontinued by then.</summary>
    public bool IsOperatingOn(DateOnly date) => date >= LaunchDate && !IsDiscontinuedOn(date);
}
