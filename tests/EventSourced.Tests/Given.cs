using EventSourced.Api.Ledger;
using EventSourced.Api.Modules.Models;
using EventSourced.Api.Modules.Reference;
using Microsoft.Extensions.Time.Testing;

namespace EventSourced.Tests;

/// <summary>Given-state builders for the pure tests: events and the state they fold into.</summary>
internal static class Given
{
    public static readonly Guid ModelId = Guid.Parse("01900000-0000-7000-8000-000000000001");

    /// <summary>"Now" for every pure test: 2024-01-15 10:00 in Vietnam.</summary>
    public static FakeTimeProvider Clock() => new(new DateTimeOffset(2024, 1, 15, 10, 0, 0, VietnamTime.Offset));

    /// <summary>Phường 13 of Quận 4 as it stood in 2023.</summary>
    public static readonly UnitSnapshot Ward13 = new(
        Guid.Parse("01900000-0000-5000-8000-000000027259"), "27259", "Phường 13", "773", "Quận 4", "79", "Thành phố Hồ Chí Minh");

    public static ModelRegistered Registered(DateOnly? launch = null) => new(
        ModelId, "apartment-self-management-team", ModelKind.Model, "Tổ tự quản chung cư H3", Ward13,
        Organisation.Police, [Organisation.FatherlandFront], null, launch ?? new DateOnly(2023, 4, 1), null);

    public static PatrolRecorded Patrol(int participants = 5, int inspections = 1, int cases = 0, SanctionCounts? sanctions = null) => new(
        ModelId, Guid.NewGuid(), Ward13,
        At(2023, 5, 1, 19), At(2023, 5, 1, 23), participants, inspections, sanctions ?? SanctionCounts.None, cases);

    public static SecurityModel Model(params object[] laterEvents)
    {
        var model = SecurityModel.Create(Registered());
        foreach (var e in laterEvents)
        {
            model = e switch
            {
                PatrolRecorded p => model.Apply(p),
                ModelDiscontinued d => model.Apply(d),
                ModelAssessed a => model.Apply(a),
                InspectionsRecorded i => model.Apply(i),
                SanctionsRecorded s => model.Apply(s),
                CaseDetected c => model.Apply(c),
                CaseProsecuted c => model.Apply(c),
                EquipmentInstalled installed => model.Apply(installed),
                EquipmentDecommissioned removed => model.Apply(removed),
                _ => throw new ArgumentException($"No Apply for {e.GetType().Name}"),
            };
        }
        return model;
    }

    public static ModelDiscontinued Discontinued(DateOnly on) => new(ModelId, Ward13, on, "Giải thể");

    public static DateTimeOffset At(int year, int month, int day, int hour) => new(year, month, day, hour, 0, 0, VietnamTime.Offset);
}
