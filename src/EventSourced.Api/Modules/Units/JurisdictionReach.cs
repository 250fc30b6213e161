using System.Security.Claims;
using EventSourced.Api.Infrastructure;
using EventSourced.Api.Ledger;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourced.Api.Modules.Units;

/// <summary>
/// How far a caller's jurisdiction claims (<see cref="Jurisdiction"/>) reach. Each claim names the territory of the
/// unit that bore its code on the day the token was issued (its <c>iat</c>, in Vietnam), followed forward only through
/// WHOLE transfers to a unit of the same level (<see cref="Territory"/>): a ward merged into a new one, a province
/// merged in 2025; never a district to its province when the district level was abolished, so a district's claim never
/// widens to the whole province. A unit is covered when the whole of it lies in that territory; a code, when every
/// unit that ever bore it does.
/// </summary>
public static class JurisdictionReach
{
    /// <summary>The territory the caller's claims name (national callers need none: check <see cref="Jurisdiction.IsNational"/> first).</summary>
    public static async Task<Territory> TerritoryOf(
        ClaimsPrincipal user, IQuerySession session, DateOnly today, CancellationToken ct, IEnumerable<AdministrativeUnit>? known = null)
    {
        var claims = Jurisdiction.Claims(user).ToArray();
        var bearing = claims.Length == 0 ? [] : await session.Query<AdministrativeUnit>().Where(u => u.Code.IsOneOf(claims)).ToListAsync(ct);
        var grantedOn = Jurisdiction.GrantedOn(user, today);
        var named = bearing.GroupBy(u => u.Code, StringComparer.Ordinal).Select(g => Territory.NamedOn(g, grantedOn)).OfType<AdministrativeUnit>();
        return await Territory.Of(named, UnitDirectory.Loader(session, bearing.Concat(known ?? [])), ct);
    }

    /// <summary>Does the caller's jurisdiction reach a unit as recorded (its snapshot of the record's date)?</summary>
    public static async Task<bool> Covers(ClaimsPrincipal user, IQuerySession session, UnitSnapshot recorded, DateOnly today, CancellationToken ct) =>
        Jurisdiction.IsNational(user) || await (await TerritoryOf(user, session, today, ct)).Contains(recorded.UnitVersionId, ct);

    /// <summary>
    /// Does the caller's jurisdiction reach everything a code names: every unit that bore it, whenever? Queries by code
    /// (a province's statistics, a unit's history) gather all of them. A code no unit ever bore is not covered.
    /// </summary>
    public static async Task<bool> CoversCode(ClaimsPrincipal user, IQuerySession session, string code, DateOnly today, CancellationToken ct)
    {
        if (Jurisdiction.IsNational(user))
        {
            return true;
        }
        var versions = await session.Query<AdministrativeUnit>().Where(u => u.Code == code).ToListAsync(ct);
        return versions.Count > 0 && (await Within(user, session, versions, today, ct)).Count == versions.Count;
    }

    /// <summary>A code no unit ever bore: nothing to protect, so the endpoint answers it (400 or 404) as for anyone.</summary>
    public static async Task<bool> CoversOrUnknown(ClaimsPrincipal user, IQuerySession session, string code, DateOnly today, CancellationToken ct)
    {
        if (Jurisdiction.IsNational(user) || await UnitDirectory.Latest(session, code, ct) is null)
        {
            return true;
        }
        return await CoversCode(user, session, code, today, ct);
    }

    /// <summary>
    /// With lineage, a unit's history, export and verification also read the units it was formed from. Each of them
    /// must lie wholly in scope: a ward that took part of a split neighbour must not read the whole neighbour's records.
    /// </summary>
    public static async Task<bool> CoversLineage(ClaimsPrincipal user, IQuerySession session, string code, DateOnly today, CancellationToken ct)
    {
        if (Jurisdiction.IsNational(user))
        {
            return true;
        }
        var reached = new Dictionary<Guid, AdministrativeUnit>();
        foreach (var version in await session.Query<AdministrativeUnit>().Where(u => u.Code == code).ToListAsync(ct))
        {
            foreach (var (id, (ancestor, _)) in await UnitDirectory.Ancestry(session, version, ct))
            {
                reached[id] = ancestor;
            }
        }
        return (await Within(user, session, [.. reached.Values], today, ct)).Count == reached.Count;
    }

    /// <summary>The audit reads of a code (history, export, verification): its units, and with lineage their ancestry.</summary>
    public static async Task<ProblemDetails?> DeniesAudit(ClaimsPrincipal user, IQuerySession session, string code, bool lineage, DateOnly today, CancellationToken ct)
    {
        if (!await CoversOrUnknown(user, session, code, today, ct))
        {
            return Jurisdiction.Denied($"Unit {code}");
        }
        return lineage && !await CoversLineage(user, session, code, today, ct)
            ? Problems.Forbidden($"The lineage of unit {code} reaches units partly outside this caller's jurisdiction; ask with lineage=false.")
            : null;
    }

    /// <summary>
    /// Does the jurisdiction reach the unit that bore a code on a date? A code no unit bore then passes: the endpoint
    /// rejects it (422) as it would for anyone.
    /// </summary>
    public static async Task<bool> CoversUnitOn(ClaimsPrincipal user, IQuerySession session, string code, DateOnly date, DateOnly today, CancellationToken ct)
    {
        if (Jurisdiction.IsNational(user) || await UnitDirectory.InForce(session, code, date, ct) is not { } unit)
        {
            return true;
        }
        return await (await TerritoryOf(user, session, today, ct, [unit])).Contains(unit, ct);
    }

    /// <summary>The ids of those unit versions that lie wholly within the caller's jurisdiction.</summary>
    public static async Task<IReadOnlyList<Guid>> Within(
        ClaimsPrincipal user, IQuerySession session, IReadOnlyList<AdministrativeUnit> versions, DateOnly today, CancellationToken ct)
    {
        if (Jurisdiction.IsNational(user))
        {
            return versions.Select(v => v.Id).ToList();
        }
        var territory = await TerritoryOf(user, session, today, ct, versions);
        var within = new List<Guid>();
        foreach (var version in versions)
        {
            if (await territory.Contains(version, ct))
            {
                within.Add(version.Id);
            }
        }
        return within;
    }
}

/// <summary>Wolverine middleware on routes under <c>/provinces/{provinceCode}</c>: the province must be in the jurisdiction.</summary>
public static class ProvinceJurisdiction
{
    public static async Task<ProblemDetails> Before(HttpContext context, IQuerySession session, TimeProvider time, CancellationToken ct)
    {
        var code = context.Request.RouteValues["provinceCode"]?.ToString() ?? "";
        return await JurisdictionReach.CoversOrUnknown(context.User, session, code, VietnamTime.Today(time), ct)
            ? WolverineContinue.NoProblems
            : Jurisdiction.Denied($"Province {code}");
    }
}
