namespace EventSourced.Api.Modules.Units;

/// <summary>Reads a unit version by id; null when none is recorded.</summary>
public delegate ValueTask<AdministrativeUnit?> UnitVersionLoader(Guid unitVersionId, CancellationToken ct);

/// <summary>
/// The territory jurisdiction claims name (issue 11, item 1). A claim names the unit that bore its code on the day it
/// was granted, or the last one before when none did, and follows it forward only through WHOLE transfers to a unit of
/// the same level: wards merged whole into another ward, provinces merged in 2025. It never follows a PART transfer,
/// nor a transfer up a level: the 2025 reform records each abolished district's successor as its province, and
/// following that would widen a district's claim to the whole province.
/// A unit version lies inside when it is one of those units, when it lay under one (its district or province as they
/// were in its own validity), or when everything it passed to in later reforms lies inside: so a ward split between
/// two new ones is inside only for claims that cover both.
/// </summary>
public sealed class Territory
{
    private readonly HashSet<Guid> _named;
    private readonly UnitVersionLoader _load;
    // Per version: is it inside? Set to false while being decided, so a malformed cycle of links ends as "outside".
    private readonly Dictionary<Guid, bool> _inside = [];

    private Territory(HashSet<Guid> named, UnitVersionLoader load)
    {
        _named = named;
        _load = load;
    }

    /// <summary>The unit versions the claims name, once followed forward.</summary>
    public IReadOnlyCollection<Guid> Named => _named;

    /// <summary>The version a claim on a code names: the one in force on the day it was granted, else the last one before.</summary>
    public static AdministrativeUnit? NamedOn(IEnumerable<AdministrativeUnit> bearingTheCode, DateOnly grantedOn) =>
        bearingTheCode.Where(u => u.ValidFrom <= grantedOn).MaxBy(u => u.ValidFrom);

    /// <summary>The territory of the named versions, followed forward through WHOLE transfers to units of the same level.</summary>
    public static async Task<Territory> Of(IEnumerable<AdministrativeUnit> named, UnitVersionLoader load, CancellationToken ct)
    {
        var versions = new HashSet<Guid>();
        var frontier = new Queue<AdministrativeUnit>(named);
        while (frontier.TryDequeue(out var unit))
        {
            if (!versions.Add(unit.Id))
            {
                continue;
            }
            foreach (var link in unit.Successors.Where(l => l.Kind == TransferKind.Whole))
            {
                if (await load(link.UnitVersionId, ct) is { } successor && SameLevel(unit, successor))
                {
                    frontier.Enqueue(successor);
                }
            }
        }
        return new Territory(versions, load);
    }

    /// <summary>Does the whole of a unit version lie inside?</summary>
    public async Task<bool> Contains(Guid unitVersionId, CancellationToken ct) =>
        _named.Contains(unitVersionId) || (await _load(unitVersionId, ct) is { } unit && await Contains(unit, ct));

    /// <summary>Does the whole of a unit version lie inside?</summary>
    public async Task<bool> Contains(AdministrativeUnit unit, CancellationToken ct)
    {
        if (_named.Contains(unit.Id))
        {
            return true;
        }
        if (_inside.TryGetValue(unit.Id, out var known))
        {
            return known;
        }
        _inside[unit.Id] = false;
        var inside = (unit.ParentId is { } parentId && await Contains(parentId, ct))
            || (unit.Successors.Count > 0 && await AllInside(unit.Successors, ct));
        return _inside[unit.Id] = inside;
    }

    private async Task<bool> AllInside(IReadOnlyList<UnitLink> links, CancellationToken ct)
    {
        foreach (var link in links)
        {
            if (!await Contains(link.UnitVersionId, ct))
            {
                return false;
            }
        }
        return true;
    }

    // Wards, communes, townships and special zones are one level: a ward merged whole into a commune stays a claim on it.
    private static bool SameLevel(AdministrativeUnit a, AdministrativeUnit b) =>
        a.Level == b.Level || (a.IsCommuneLevel && b.IsCommuneLevel);
}
