using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Security.Cryptography;
using EventSourced.Api.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace EventSourced.IntegrationTests.Infrastructure;

/// <summary>The development issuer with the default cap, and a partner issuer configured for two days.</summary>
public sealed class PartnerIssuerApi : ApiFactory
{
    public const string PartnerIssuer = "partner-records";

    public ECDsa PartnerKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    protected override void ConfigureSettings(IWebHostBuilder builder)
    {
        builder.UseSetting("Auth:Issuers:0:Issuer", PartnerIssuer);
        builder.UseSetting("Auth:Issuers:0:PublicKeyPem", PartnerKey.ExportSubjectPublicKeyInfoPem());
        builder.UseSetting("Auth:Issuers:0:MaxLifetime", "2.00:00:00");
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            PartnerKey.Dispose();
        }
    }
}

/// <summary>Issue 11, item 9: tokens have a maximum lifetime per issuer (Auth:Issuers:n:MaxLifetime, default 12 h).</summary>
public class TokenLifetimeTests(PartnerIssuerApi api) : IClassFixture<PartnerIssuerApi>
{
    [Fact]
    public async Task A_development_token_living_a_hundred_years_gets_401_naming_its_lifetime()
    {
        // Given
        var client = ClientWith(Token(DevelopmentTokens.Issuer, ApiFactory.TestSigningKey, TimeSpan.FromDays(36525)));

        // When
        var response = await client.GetAsync("/api/v1/model-types");

        // Then
        var problem = await response.ShouldBeProblem(401);
        problem.GetProperty("type").GetString().ShouldBe(Problems.UnauthenticatedType);
        problem.GetProperty("detail").GetString()
            .ShouldBe("The bearer token lives 876600 hours; tokens of its issuer may live at most 12 hours. Ask for a shorter-lived token.");
        response.Headers.WwwAuthenticate.ToString().ShouldBe("Bearer error=\"invalid_token\"");
    }

    [Fact]
    public async Task A_development_token_of_twelve_hours_is_accepted()
    {
        var client = api.ClientWith(ApiFactory.Everything with { Lifetime = TrustedIssuer.DefaultMaxLifetime });

        (await client.GetAsync("/api/v1/model-types")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Each_issuer_has_its_own_maximum_a_two_day_token_passes_from_the_partner_and_not_from_the_development_key()
    {
        // Given
        var partnerKey = new ECDsaSecurityKey(api.PartnerKey);
        var fromPartner = ClientWith(Token(PartnerIssuerApi.PartnerIssuer, partnerKey, TimeSpan.FromDays(2)));
        var fromDevelopmentKey = ClientWith(Token(DevelopmentTokens.Issuer, ApiFactory.TestSigningKey, TimeSpan.FromDays(2)));
        var pastPartnerCap = ClientWith(Token(PartnerIssuerApi.PartnerIssuer, partnerKey, TimeSpan.FromDays(3)));

        // When
        var partner = await fromPartner.GetAsync("/api/v1/model-types");
        var development = await fromDevelopmentKey.GetAsync("/api/v1/model-types");
        var pastCap = await pastPartnerCap.GetAsync("/api/v1/model-types");

        // Then
        partner.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await development.ShouldBeProblem(401)).GetProperty("detail").GetString()
            .ShouldBe("The bearer token lives 48 hours; tokens of its issuer may live at most 12 hours. Ask for a shorter-lived token.");
        (await pastCap.ShouldBeProblem(401)).GetProperty("detail").GetString()
            .ShouldBe("The bearer token lives 72 hours; tokens of its issuer may live at most 48 hours. Ask for a shorter-lived token.");
    }

    private HttpClient ClientWith(string token)
    {
        var client = api.AnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private static string Token(string issuer, SecurityKey key, TimeSpan lifetime)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = "bvantq-ledger",
            Subject = new ClaimsIdentity([
                new Claim("sub", "partner-officer"), new Claim("azp", "partner-system"),
                new Claim("roles", Access.Analyst), new Claim(Jurisdiction.ClaimType, Jurisdiction.National)]),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.EcdsaSha256),
        });
    }
}
