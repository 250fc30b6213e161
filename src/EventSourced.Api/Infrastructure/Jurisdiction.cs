using System.Security.Claims;
using System.Text.Json;
using EventSourced.Api.Modules.Models;
using EventSourced.Api.Modules.Reference;
using EventSourced.Api.Modules.Units;
using Marten;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourced.Api.Infrastructure;

/// <summary>
/// Where a caller may act. The token's <c>jurisdiction</c> claims name <c>VN</c> (the whole country), provinces (2
/// digits), districts (3) or commune-level units (5). A claim covers a unit when it names the unit, its district or its
/// province, either as they were when the record was made or as the unit's lineage stands today: a ward merged into a
/// new one by a reform is covered by a claim on either, and a province claim follows the 2025 province mergers. A unit
/// split by a reform is covered only by claims that cover all of it.
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

    /// <summary>Does the caller's jurisdiction reach a unit as recorded (its snapshot of the record's date)?</summary>
    public static async Task<bool> Covers(ClaimsPrincipal user, IQuerySession session, UnitSnapshot recorded, DateOnly today, CancellationToken ct)
    {
        var claims = Claims(user);
        if (claims.Contains(National))
        {
            return true;
        }
        if (claims.Count == 0)
        {
            return false;
        }
        if (Names(recorded).Any(claims.Contains))
        {
            return true;
        }
        // The unit as its lineage stands today, against each claim as its lineage stands today.
        var now = await UnitDirectory.AlongLineage(session, recorded.UnitVersionId, today, ct);
        if (now is null)
        {
            return false;
        }
        var current = Names(await UnitDirectory.Snapshot(session, now, ct)).ToHashSet(StringComparer.Ordinal);
        foreach (var claim in claims)
        {
            if (current.Contains(claim))
            {
                return true;
            }
            if (await UnitDirectory.Latest(session, claim, ct) is { } claimed && !claimed.InForceOn(today)
                && await UnitDirectory.AlongLineage(session, claimed.Id, today, ct) is { } successor
                && current.Contains(successor.Code))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Does the caller's jurisdiction reach the unit that bears (or last bore) a code?</summary>
    public static async Task<bool> CoversCode(ClaimsPrincipal user, IQuerySession session, string code, DateOnly today, CancellationToken ct)
    {
        if (IsNational(user))
        {
            return true;
        }
        var unit = await UnitDirectory.InForce(session, code, today, ct) ?? await UnitDirectory.Latest(session, code, ct);
        return unit is not null && await Covers(user, session, await UnitDirectory.Snapshot(session, unit, ct), today, ct);
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
    /// Does the jurisdiction reach the unit that bore a code on a date? A code no unit bore then passes: the endpoint
    /// rejects it (422) as it would for anyone.
    /// </summary>
    public static async Task<bool> CoversUnitOn(ClaimsPrincipal user, IQuerySession session, string code, DateOnly date, DateOnly today, CancellationToken ct)
    {
        if (IsNational(user) || await UnitDirectory.InForce(session, code, date, ct) is not { } unit)
        {
            return true;
        }
        return await Covers(user, session, await UnitDirectory.Snapshot(session, unit, ct), today, ct);
    }

    public static ProblemDetails Denied(string what) =>
        Problems.Forbidden($"{what} is outside this caller's jurisdiction.");

    private static IEnumerable<string> Names(UnitSnapshot unit)
    {
        yield return unit.Code;
        if (unit.DistrictCode is { } district)
        {
            yield return district;
        }
        yield return unit.ProvinceCode;
    }

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
