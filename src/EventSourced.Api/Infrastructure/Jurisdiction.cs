using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using EventSourced.Api.Ledger;
using Microsoft.AspNetCore.Mvc;
using Microsoft.IdentityModel.JsonWebTokens;

namespace EventSourced.Api.Infrastructure;

/// <summary>
/// Where a caller may act, as the token says it. The token's <c>jurisdiction</c> claims name <c>VN</c> (the whole
/// country), provinces (2 digits), districts (3) or commune-level units (5); what a claim covers is a lineage rule and
/// lives with the units (Modules/Units/JurisdictionReach.cs).
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
