using EventSourced.Api.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Mvc;

namespace EventSourced.Api.Modules.Units;

/// <summary>Resolves codes and versions of administrative units at a date (DESIGN.md rule 1: a code needs a date).</summary>
public static class UnitDirectory
{
    /// <summary>The version that bore a code on a date, if any.</summary>
    public static async Task<AdministrativeUnit?> InForce(IQuerySession session, string code, DateOnly date, CancellationToken ct)
    {
        var candidates = await session.Query<AdministrativeUnit>().Where(u => u.Code == code && u.ValidFrom <= date).ToListAsync(ct);
        return candidates.SingleOrDefault(u => u.InForceOn(date));
    }

    /// <summary>The unit's place in the hierarchy of its own validity: district (before 2025-07-01) and province.</summary>
    public static async Task<UnitSnapshot> Snapshot(IQuerySession session, AdministrativeUnit unit, CancellationToken ct)
    {
        if (unit.Level == UnitLevel.Province)
        {
            return UnitSnapshot.Of(unit, null, unit);
        }
        var parent = await session.LoadAsync<AdministrativeUnit>(unit.ParentId!.Value, ct)
            ?? throw new InvalidOperationException($"Unit version {unit.Id} names a parent that is not recorded.");
        if (parent.Level == UnitLevel.Province)
        {
            return UnitSnapshot.Of(unit, null, parent);
        }
        var province = await session.LoadAsync<AdministrativeUnit>(parent.ParentId!.Value, ct)
            ?? throw new InvalidOperationException($"Unit version {parent.Id} names a parent that is not recorded.");
        return UnitSnapshot.Of(unit, parent, province);
    }

    /// <summary>
    /// Resolves the commune-level unit where an activity happened: the code must name a commune-level unit in force on
    /// the date, in the given province. The problem names the field at fault.
    /// </summary>
    public static async Task<(UnitSnapshot? Unit, ProblemDetails? Problem)> CommuneOn(
        IQuerySession session, string provinceCode, string unitCode, DateOnly date, string field, CancellationToken ct)
    {
        var unit = await InForce(session, unitCode, date, ct);
        if (unit is null)
        {
            return (null, Problems.RuleViolated($"No administrative unit had code {unitCode} on {date:yyyy-MM-dd}.", field));
        }
        if (!unit.IsCommuneLevel)
        {
            return (null, Problems.RuleViolated($"{unit.Name} ({unitCode}) is not a commune-level unit.", field));
        }
        var snapshot = await Snapshot(session, unit, ct);
        return snapshot.ProvinceCode == provinceCode
            ? (snapshot, null)
            : (null, Problems.RuleViolated($"{unit.Name} ({unitCode}) was in province {snapshot.ProvinceCode}, not {provinceCode}, on {date:yyyy-MM-dd}.", field));
    }

    /// <summary>
    /// The version in force on a date along a unit's lineage: the same version while it is in force, else its
    /// successor (or predecessor, for an earlier date) as long as the way is unambiguous: a single link, or a single
    /// WHOLE transfer among several. Null when the unit was split and the date lies on the far side.
    /// </summary>
    public static async Task<AdministrativeUnit?> AlongLineage(IQuerySession session, Guid unitVersionId, DateOnly date, CancellationToken ct)
    {
        var unit = await session.LoadAsync<AdministrativeUnit>(unitVersionId, ct);
        for (var step = 0; unit is not null && !unit.InForceOn(date) && step < 16; step++)
        {
            var links = date < unit.ValidFrom ? unit.Predecessors : unit.Successors;
            var next = links.Count == 1 ? links[0] : links.Where(l => l.Kind == TransferKind.Whole).ToList() is [var whole] ? whole : null;
            unit = next is null ? null : await session.LoadAsync<AdministrativeUnit>(next.UnitVersionId, ct);
        }
        return unit is not null && unit.InForceOn(date) ? unit : null;
    }
}
