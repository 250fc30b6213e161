using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using EventSourced.Api.Modules.Models;
using EventSourced.Api.Modules.Reference;
using EventSourced.Api.Modules.Units;
using Marten;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.AspNetCore.Mvc;
using Microsoft.IdentityModel.JsonWebTokens;
using Wolverine.Http;

namespace EventSourced.Api.Infrastructure;

/// <summary>
/// Where a caller may act. The token's <c>jurisdiction</c> claims name <c>VN</c> (the whole country), provinces (2
/// digits), districts (3) or commune-level units (5). Each claim names the territory of the unit that bore its code on
/// the day the token was issued (its <c>iat</c>, in Vietnam), followed forward only through WHOLE transfers to a unit of
/// the same level (<see cref="Territory"/>): a ward merged into a new one, a province merged in 2025; never a district
/// to its province when the district level was abolished, so a district's claim never widens to the whole province.
/// A unit is covered when the whole of it lies in that territory; a code, when every unit that ever bore it does.
/// </summary>
public static class Jurisdiction
{
    public const string ClaimType = "jurisdiction";
    public const string National = "VN";

    public static bool IsValidClaim(string value) =>
        value == National || (value.Length is 2 or 3 or 5 && value.All(char.IsAsciiDigit));

    public static IReadOnlyList<string> Claims(ClaimsPrincipal user) =>
        user.FindAll(ClaimType).Select(c => c.Value).Where(IsValidClaim).Distinct(StringComparer.Ordinal).ToList();

    public static bool IsNational(ClaimsPrincipal user) => user.HasClaim(ClaimType, National);

    /// <summary>The day the claims were granted: the token's issue date in Vietnam; today for a token that states none.</summary>
    public static DateOnly GrantedOn(ClaimsPrincipal user, DateOnly today) =>
        long.TryParse(user.FindFirst(JwtRegisteredClaimNames.Iat)?.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
        && seconds <= DateTimeOffset.MaxValue.ToUnixTimeSeconds()
            ? VietnamTime.DateOf(DateTimeOffset.FromUnixTimeSeconds(seconds))
            : today;

    /// <summary>The territory the caller's claims name (national callers need none: check <see cref="IsNational"/> first).</summary>
    public static async Task<Territory> TerritoryOf(
        ClaimsPrincipal user, IQuerySession session, DateOnly today, CancellationToken ct, IEnumerable<AdministrativeUnit>? known = null)
    {
        var claims = Claims(user).ToArray();
        var bearing = claims.Length == 0 ? [] : await session.Query<AdministrativeUnit>().Where(u => u.Code.IsOneOf(claims)).ToListAsync(ct);
        var grantedOn = GrantedOn(user, today);
        var named = bearing.GroupBy(u => u.Code, StringComparer.Ordinal).Select(g => Territory.NamedOn(g, grantedOn)).OfType<AdministrativeUnit>();
        return await Territory.Of(named, UnitDirectory.Loader(session, bearing.Concat(known ?? [])), ct);
    }

    /// <summary>Does the caller's jurisdiction reach a unit as recorded (its snapshot of the record's date)?</summary>
    public static async Task<bool> Covers(ClaimsPrincipal user, IQuerySession session, UnitSnapshot recorded, DateOnly today, CancellationToken ct) =>
        IsNational(user) || await (await TerritoryOf(user, session, today, ct)).Contains(recorded.UnitVersionId, ct);

    /// <summary>
    /// Does the caller's jurisdiction reach everything a code names: every unit that bore it, whenever? Queries by code
    /// (a province's statistics, a unit's history) gather all of them. A code no unit ever bore is not covered.
    /// </summary>
    public static async Task<bool> CoversCode(ClaimsPrincipal user, IQuerySession session, string code, DateOnly today, CancellationToken ct)
    {
        if (IsNational(user))
        {
            return true;
        }
        var versions = await session.Query<AdministrativeUnit>().Where(u => u.Code == code).ToListAsync(ct);
        return versions.Count > 0 && (await Within(user, session, versions, today, ct)).Count == versions.Count;
    }

    /// <summary>A code no unit ever bore: nothing to protect, so the endpoint answers it (400 or 404) as for anyone.</summary>
    public static async Task<bool> CoversOrUnknown(ClaimsPrincipal user, IQuerySession session, string code, DateOnly today, CancellationToken ct)
    {
        if (IsNational(user) || await UnitDirectory.Latest(session, code, ct) is null)
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
        if (IsNational(user))
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
            return Denied($"Unit {code}");
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
        if (IsNational(user) || await UnitDirectory.InForce(session, code, date, ct) is not { } unit)
        {
            return true;
        }
        return await (await TerritoryOf(user, session, today, ct, [unit])).Contains(unit, ct);
    }

    /// <summary>The ids of those unit versions that lie wholly within the caller's jurisdiction.</summary>
    public static async Task<IReadOnlyList<Guid>> Within(
        ClaimsPrincipal user, IQuerySession session, IReadOnlyList<AdministrativeUnit> versions, DateOnly today, CancellationToken ct)
    {
        if (IsNational(user))
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

    public static ProblemDetails Denied(string what) =>
        Problems.Forbidden($"{what} is outside this caller's jurisdiction.");

    /// <summary>
    /// Brings roles and jurisdictions named differently by a provider under this ledger's claim types. Keycloak puts
    /// realm roles in <c>realm_access.roles</c> unless a mapper flattens them; both work.
    /// </summary>
    internal static void Normalise(ClaimsIdentity identity, AuthOptions options)
    {
        if (identity.FindFirst("realm_access") is { } realmAccess)
        {
            try
            {
                using var json = JsonDocument.Parse(realmAccess.Value);
                if (json.RootElement.TryGetProperty("roles", out var roles) && roles.ValueKind == JsonValueKind.Array)
                {
                    foreach (var role in roles.EnumerateArray().Select(r => r.GetString()).OfType<string>())
                    {
                        identity.AddClaim(new Claim(identity.RoleClaimType, role));
                    }
                }
            }
            catch (JsonException)
            {
                // Not the documented shape: no roles from it.
            }
        }
        if (options.JurisdictionClaim != ClaimType)
        {
            foreach (var claim in identity.FindAll(options.JurisdictionClaim).ToList())
            {
                identity.AddClaim(new Claim(ClaimType, claim.Value));
            }
        }
    }
}

/// <summary>
/// Wolverine middleware on routes under <c>/models/{modelId}</c>: the model's unit must be in the caller's
/// jurisdiction. A model that does not exist passes through to the endpoint's own 404. National callers need no read;
/// others need the unit the model was registered in, which never changes, so it is kept in memory once read.
/// </summary>
public static class ModelJurisdiction
{
    public static async Task<ProblemDetails> Before(HttpContext context, IQuerySession session, ModelPlaces places, TimeProvider time, CancellationToken ct)
    {
        if (Jurisdiction.IsNational(context.User) || !Guid.TryParse(context.Request.RouteValues["modelId"]?.ToString(), out var modelId)
            || await places.Of(session, modelId, ct) is not { } unit)
        {
            return WolverineContinue.NoProblems;
        }
        return await Jurisdiction.Covers(context.User, session, unit, VietnamTime.Today(time), ct)
            ? WolverineContinue.NoProblems
            : Jurisdiction.Denied($"Model {modelId} ({unit.Name}, {unit.Code})");
    }
}

/// <summary>
/// The unit each model was registered in, kept in memory once read: it never changes, so no invalidation is needed.
/// Bounded (100,000 models, an hour unused) and private to this use, so no other component shares its size rules.
/// </summary>
public sealed class ModelPlaces : IDisposable
{
    private readonly MemoryCache _cache = new(new MemoryCacheOptions { SizeLimit = 100_000 });

    public async Task<UnitSnapshot?> Of(IQuerySession session, Guid modelId, CancellationToken ct)
    {
        if (_cache.TryGetValue(modelId, out UnitSnapshot? unit))
        {
            return unit;
        }
        unit = (await session.LoadAsync<SecurityModel>(modelId, ct))?.Unit;
        if (unit is not null)
        {
            _cache.Set(modelId, unit, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = TimeSpan.FromHours(1) });
        }
        return unit;
    }

    public void Dispose() => _cache.Dispose();
}

/// <summary>Wolverine middleware on routes under <c>/provinces/{provinceCode}</c>: the province must be in the jurisdiction.</summary>
public static class ProvinceJurisdiction
{
    public static async Task<ProblemDetails> Before(HttpContext context, IQuerySession session, TimeProvider time, CancellationToken ct)
    {
        var code = context.Request.RouteValues["provinceCode"]?.ToString() ?? "";
        return await Jurisdiction.CoversOrUnknown(context.User, session, code, VietnamTime.Today(time), ct)
            ? WolverineContinue.NoProblems
            : Jurisdiction.Denied($"Province {code}");
    }
}
