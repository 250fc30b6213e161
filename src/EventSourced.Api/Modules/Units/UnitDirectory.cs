using EventSourced.Api.Infrastructure;
using EventSourced.Api.Ledger;
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

    /// <summary>The latest version that bore a code (in force or retired), if any ever did.</summary>
    public static async Task<AdministrativeUnit?> Latest(IQuerySession session, string code, CancellationToken ct) =>
        await session.Query<AdministrativeUnit>().Where(u => u.Code == code).OrderByDescending(u => u.ValidFrom).FirstOrDefaultAsync(ct);

    /// <summary>
    /// Reads unit versions by id, each once per loader: a jurisdiction check visits the same district and province from
    /// several wards. Versions already read (<paramref name="known"/>) are not read again.
    /// </summary>
    public static UnitVersionLoader Loader(IQuerySession session, IEnumerable<AdministrativeUnit>? known = null)
    {
        var read = new Dictionary<Guid, AdministrativeUnit?>();
        foreach (var unit in known ?? [])
        {
            read[unit.Id] = unit;
        }
        return async (id, ct) => read.TryGetValue(id, out var version) ? version : read[id] = await session.LoadAsync<AdministrativeUnit>(id, ct);
    }

    /// <summary>The unit's place in the hierarchy of its own validity: district (before 2025-07-01) and province.</summary>
    public static async Task<UnitSnapshot> Snapshot(IQuerySession session, AdministrativeUnit unit, CancellationToken ct)
    {
        if (unit.Level == UnitLevel.Province)
        {
            return SnapshotOf(unit, null, unit);
        }
        var parent = await session.LoadAsync<AdministrativeUnit>(unit.ParentId!.Value, ct)
            ?? throw new InvalidOperationException($"Unit version {unit.Id} names a parent that is not recorded.");
        if (parent.Level == UnitLevel.Province)
        {
            return SnapshotOf(unit, null, parent);
        }
        var province = await session.LoadAsync<AdministrativeUnit>(parent.ParentId!.Value, ct)
            ?? throw new InvalidOperationException($"Unit version {parent.Id} names a parent that is not recorded.");
        return SnapshotOf(unit, parent, province);
    }

    private static UnitSnapshot SnapshotOf(AdministrativeUnit unit, AdministrativeUnit? district, AdministrativeUnit province) =>
        new(unit.Id, unit.Code, unit.Name, district?.Code, district?.Name, province.Code, province.Name);

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
    /// Every earlier version whose territory reached <paramref name="unit"/>, and whether all of it did: true when every
    /// way out of that version (through later reforms) ends in this unit, false when part of it went elsewhere (a split,
    /// PART transfers), so activity recorded there cannot be restated onto this unit without a location.
    /// </summary>
    public static async Task<IReadOnlyDictionary<Guid, (AdministrativeUnit Unit, bool Wholly)>> Ancestry(
        IQuerySession session, AdministrativeUnit unit, CancellationToken ct)
    {
        var ancestors = new Dictionary<Guid, AdministrativeUnit> { [unit.Id] = unit };
        var frontier = new List<AdministrativeUnit> { unit };
        for (var depth = 0; frontier.Count > 0 && depth < 16; depth++)
        {
            var next = new List<AdministrativeUnit>();
            foreach (var link in frontier.SelectMany(u => u.Predecessors).Where(l => !ancestors.ContainsKey(l.UnitVersionId)))
            {
                if (await session.LoadAsync<AdministrativeUnit>(link.UnitVersionId, ct) is { } predecessor)
                {
                    ancestors[predecessor.Id] = predecessor;
                    next.Add(predecessor);
                }
            }
            frontier = next;
        }
        // Wholly: every successor link stays inside the ancestry (and so ends in this unit); memoised from the unit backwards.
        var wholly = new Dictionary<Guid, bool> { [unit.Id] = true };
        bool Wholly(AdministrativeUnit version) => wholly.TryGetValue(version.Id, out var known)
            ? known
            : wholly[version.Id] = version.Successors.Count > 0
                && version.Successors.All(s => ancestors.TryGetValue(s.UnitVersionId, out var successor) && Wholly(successor));
        return ancestors.ToDictionary(a => a.Key, a => (a.Value, Wholly(a.Value)));
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
