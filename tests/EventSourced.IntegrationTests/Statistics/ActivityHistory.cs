using System.Globalization;
using EventSourced.Api.Infrastructure;
using EventSourced.Api.Ledger;
using EventSourced.Api.Modules.Commendations;
using EventSourced.Api.Modules.Models;
using EventSourced.Api.Modules.Reference;
using EventSourced.Api.Modules.Statistics;
using EventSourced.Api.Modules.Units;
using Marten;

namespace EventSourced.IntegrationTests.Statistics;

public enum FactKind { Patrol, Inspections, Sanctions, Case, EquipmentInstalled, EquipmentDecommissioned, Commendation }

/// <summary>
/// One recorded activity as a test writes it down, with the plain reference rule the read model must agree with (what
/// ActivityFact.Stands and GetUnitStatistics.Compute said before the activity rows replaced them). <see cref="ActivityHistory.Append"/>
/// turns facts into the events the ledger stores, each with its reported-at header, so the projection builds the rows.
/// </summary>
public sealed record Fact
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public FactKind Kind { get; init; }
    public string ProvinceCode { get; init; } = "79";
    public string? DistrictCode { get; init; }
    public string UnitCode { get; init; } = "27259";
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
    /// <summary>A correction: the fact it replaces (appended as its was counts).</summary>
    public Fact? Corrects { get; init; }
    public DateOnly? EffectiveFrom { get; init; }
    public DateOnly? SupersededOn { get; init; }
    public DateTimeOffset? SupersededKnownSince { get; init; }

    public bool Stands(DateOnly asOf, DateTimeOffset? knownBefore)
    {
        bool Known(DateTimeOffset at) => knownBefore is null || at < knownBefore;
        return Known(KnownSince)
            && (EffectiveFrom is not { } from || from <= asOf)
            && !(SupersededOn is { } off && off <= asOf && SupersededKnownSince is { } known && Known(known));
    }

    public RecordCounts Counts => new(Shifts, Participations, Inspections, Sanctions, CasesDetected);
}

public static class ActivityHistory
{
    /// <summary>The reference count over facts (rule 5 for prosecutions).</summary>
    public static ActivityFigures Reference(IReadOnlyList<Fact> facts, DateOnly from, DateOnly to, DateTimeOffset? knownBefore, DateOnly? asOf = null)
    {
        bool Known(DateTimeOffset at) => knownBefore is null || at < knownBefore;
        var inWindow = facts.Where(f => f.On >= from && f.On <= to && f.Stands(asOf ?? to, knownBefore)).ToList();
        int Sum(Func<Fact, int> value) => inWindow.Sum(value);
        var prosecuted = facts.Count(f => f.Kind == FactKind.Case && f.On >= from && Known(f.KnownSince)
            && f.ProsecutedOn is { } on && on <= to && f.ProsecutionKnownSince is { } known && Known(known));
        return new ActivityFigures(
            Figure.Of(Sum(f => f.Shifts)), Figure.Of(Sum(f => f.Participations)), Figure.Of(Sum(f => f.Inspections)),
            Figure.Of(Sum(f => f.Sanctions.Total)), Figure.Of(Sum(f => f.Sanctions.Fines)), Figure.Of(Sum(f => f.Sanctions.Warnings)),
            Figure.Of(Sum(f => f.CasesDetected)), Figure.Of(prosecuted),
            Figure.Of(Sum(f => f.Kind == FactKind.EquipmentInstalled ? f.Cameras : 0)),
            Figure.Of(Sum(f => f.Kind == FactKind.EquipmentInstalled ? f.Recorders : 0)),
            Figure.Of(Sum(f => f.Kind == FactKind.EquipmentDecommissioned ? f.Cameras : 0)),
            Figure.Of(Sum(f => f.Kind == FactKind.EquipmentDecommissioned ? f.Recorders : 0)));
    }

    public static Guid VersionOf(string unitCode) => UnitIds.ForVersion(unitCode, new DateOnly(2008, 1, 1));

    private static UnitSnapshot Unit(Fact f) => new(VersionOf(f.UnitCode), f.UnitCode, f.UnitCode, f.DistrictCode, f.DistrictCode, f.ProvinceCode, f.ProvinceCode);

    /// <summary>Appends the facts as the ledger's events, one model per unit (of <paramref name="modelType"/>), each event with its reported-at header.</summary>
    public static async Task Append(IDocumentStore store, IReadOnlyList<Fact> facts, string modelType = "apartment-self-management-team")
    {
        await using var session = store.LightweightSession();
        var models = new Dictionary<string, Guid>();
        Guid ModelOf(Fact f)
        {
            if (!models.TryGetValue(f.UnitCode, out var id))
            {
                id = Guid.NewGuid();
                models[f.UnitCode] = id;
                session.Events.StartStream<SecurityModel>(id, new ModelRegistered(id, modelType, ModelKind.Model, $"Tổ {f.UnitCode}", Unit(f),
                    Organisation.Police, [], null, new DateOnly(2012, 1, 1), null));
            }
            return id;
        }
        var recordEvents = new Dictionary<Guid, Guid>();
        void Add(Guid stream, object data, DateTimeOffset known)
        {
            var appended = session.Events.Append(stream, data).Events[^1];
            appended.SetHeader(Reporting.ReportedAtHeader, known.ToString("O", CultureInfo.InvariantCulture));
            if (data is PatrolRecorded p)
            {
                recordEvents[p.PatrolId] = appended.Id;
            }
        }
        var approver = new Approver("Trần Văn Minh", "Trưởng Công an phường");
        // Originals first, then the corrections and retractions that name them.
        foreach (var f in facts.OrderBy(f => f.Corrects is null ? 0 : 1))
        {
            var model = f.Kind == FactKind.Commendation ? Guid.Empty : ModelOf(f);
            var unit = Unit(f);
            switch (f.Kind)
            {
                case FactKind.Patrol when f.Corrects is { } was:
                    Add(model, new RecordCorrected(model, f.Id, recordEvents[Original(was).Id], "patrol_recorded", Original(was).Id, was.Id, unit, f.On,
                        f.EffectiveFrom!.Value, was.Counts, f.Counts, "Nhập nhầm", approver), f.KnownSince);
                    break;
                case FactKind.Patrol:
                    var start = new DateTimeOffset(f.On.ToDateTime(new TimeOnly(19, 0)), VietnamTime.Offset);
                    Add(model, new PatrolRecorded(model, f.Id, unit, start, start.AddHours(4), f.Participations, f.Inspections, f.Sanctions, f.CasesDetected), f.KnownSince);
                    break;
                case FactKind.Inspections:
                    Add(model, new InspectionsRecorded(model, f.Id, unit, f.On, f.Inspections), f.KnownSince);
                    break;
                case FactKind.Sanctions:
                    Add(model, new SanctionsRecorded(model, f.Id, unit, f.On, f.Sanctions), f.KnownSince);
                    break;
                case FactKind.Case:
                    Add(model, new CaseDetected(model, f.Id, unit, f.On, $"VV-{f.Id:N}"[..10], null), f.KnownSince);
                    if (f.ProsecutedOn is { } prosecuted)
                    {
                        Add(model, new CaseProsecuted(model, f.Id, unit, prosecuted, "Cơ quan CSĐT"), f.ProsecutionKnownSince!.Value);
                    }
                    break;
                case FactKind.EquipmentInstalled:
                    Add(model, new EquipmentInstalled(model, f.Id, unit, f.On, f.Cameras, f.Recorders), f.KnownSince);
                    break;
                case FactKind.EquipmentDecommissioned:
                    Add(model, new EquipmentDecommissioned(model, f.Id, unit, f.On, f.Cameras, f.Recorders), f.KnownSince);
                    break;
                case FactKind.Commendation:
                    var granted = new CommendationGranted(f.Id, f.CommendationForm!.Value, f.Issuer!.Value, unit, null,
                        new Recipient(RecipientKind.Collective, "Tổ tự quản", f.UnitCode, null), "Thành tích", $"QĐ-{f.Id:N}"[..10], f.On, f.ProgramId);
                    session.Events.StartStream(f.Id, granted).Events[0]
                        .SetHeader(Reporting.ReportedAtHeader, f.KnownSince.ToString("O", CultureInfo.InvariantCulture));
                    break;
            }
        }
        // Retractions: a superseded fact that no correction replaced.
        var corrected = facts.Where(f => f.Corrects is not null).Select(f => f.Corrects!.Id).ToHashSet();
        foreach (var f in facts.Where(f => f.SupersededOn is not null && !corrected.Contains(f.Id)))
        {
            Add(models[f.UnitCode], new RecordRetracted(models[f.UnitCode], recordEvents[Original(f).Id], "patrol_recorded", Original(f).Id, f.Id, Unit(f), f.On,
                f.SupersededOn!.Value, f.Counts, "Ghi nhầm", approver), f.SupersededKnownSince!.Value);
        }
        await session.SaveChangesAsync();
    }

    private static Fact Original(Fact f) => f.Corrects is { } was ? Original(was) : f;
}
