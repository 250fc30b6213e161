using System.Security.Claims;
using EventSourced.Api.Infrastructure;

namespace EventSourced.Tests.Infrastructure;

public class JurisdictionTests
{
    [Theory]
    [InlineData("VN", true)]
    [InlineData("79", true)]
    [InlineData("773", true)]
    [InlineData("26740", true)]
    [InlineData("vn", false)]
    [InlineData("7", false)]
    [InlineData("2674", false)]
    [InlineData("267400", false)]
    [InlineData("79 ", false)]
    [InlineData("٧٩", false)]
    public void A_jurisdiction_claim_is_VN_or_a_2_3_or_5_digit_unit_code(string claim, bool valid) =>
        Jurisdiction.IsValidClaim(claim).ShouldBe(valid);

    [Fact]
    public void Claims_that_are_not_codes_are_ignored_and_repeats_count_once()
    {
        var user = new ClaimsPrincipal(new ClaimsIdentity(
            [new(Jurisdiction.ClaimType, "79"), new(Jurisdiction.ClaimType, "79"), new(Jurisdiction.ClaimType, "all"), new(Jurisdiction.ClaimType, "27259")], "test"));

        Jurisdiction.Claims(user).ShouldBe(["79", "27259"]);
        Jurisdiction.IsNational(user).ShouldBeFalse();
    }

    [Fact]
    public void Claims_are_granted_on_the_tokens_issue_date_in_Vietnam_or_today_when_the_token_states_none()
    {
        // Given
        var issuedLateOnNewYearsEve = new DateTimeOffset(2024, 12, 31, 18, 30, 0, TimeSpan.Zero).ToUnixTimeSeconds();
        var issued = new ClaimsPrincipal(new ClaimsIdentity([new("iat", issuedLateOnNewYearsEve.ToString(System.Globalization.CultureInfo.InvariantCulture))], "test"));
        var undated = new ClaimsPrincipal(new ClaimsIdentity([new("iat", "not a time")], "test"));
        var today = new DateOnly(2026, 12, 2);

        // When
        var grantedOn = Jurisdiction.GrantedOn(issued, today);

        // Then
        grantedOn.ShouldBe(new DateOnly(2025, 1, 1));
        Jurisdiction.GrantedOn(undated, today).ShouldBe(today);
    }

    [Fact]
    public void Keycloak_realm_roles_and_a_renamed_jurisdiction_claim_are_read_as_this_ledgers_claims()
    {
        var identity = new ClaimsIdentity(
            [new("realm_access", """{"roles":["recorder","offline_access"]}"""), new("units", "27259"), new("units", "79")],
            "test", "sub", "roles");

        Jurisdiction.Normalise(identity, new AuthOptions { JurisdictionClaim = "units" });

        identity.FindAll("roles").Select(c => c.Value).ShouldBe(["recorder", "offline_access"]);
        new ClaimsPrincipal(identity).IsInRole(Access.Recorder).ShouldBeTrue();
        Jurisdiction.Claims(new ClaimsPrincipal(identity)).ShouldBe(["27259", "79"]);
    }

    [Fact]
    public void A_realm_access_claim_of_another_shape_gives_no_roles()
    {
        var identity = new ClaimsIdentity([new("realm_access", "not json")], "test", "sub", "roles");

        Jurisdiction.Normalise(identity, new AuthOptions());

        identity.FindAll("roles").ShouldBeEmpty();
    }

    [Fact]
    public void Every_policy_admits_known_roles_only_and_only_administration_needs_national_jurisdiction()
    {
        Access.Policies.Values.SelectMany(r => r).Distinct().Order().ShouldBe(Access.Roles.Order());
        Access.Policies[Access.ReadStatistics].ShouldNotContain(Access.Recorder);
        Access.Policies[Access.Audit].ShouldBe([Access.Auditor]);
        Access.Policies[Access.Record].ShouldBe([Access.Recorder]);
        Access.NationalPolicies.ShouldBe([Access.Administer]);
    }
}
