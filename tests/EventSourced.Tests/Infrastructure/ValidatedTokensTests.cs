using System.Security.Claims;
using System.Security.Cryptography;
using EventSourced.Api.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace EventSourced.Tests.Infrastructure;

public sealed class ValidatedTokensTests : IDisposable
{
    private readonly ECDsaSecurityKey _key = new(ECDsa.Create(ECCurve.NamedCurves.nistP256));
    private readonly CountingHandler _inner = new();
    private readonly ValidatedTokens _tokens;

    public ValidatedTokensTests() => _tokens = new ValidatedTokens(_inner);

    public void Dispose()
    {
        _tokens.Dispose();
        _key.ECDsa.Dispose();
    }

    [Fact]
    public async Task A_valid_token_is_checked_once_and_its_later_requests_reuse_that_check()
    {
        var token = Mint(_key, TimeSpan.FromMinutes(10));

        var first = await _tokens.ValidateTokenAsync(token, Parameters(_key));
        var second = await _tokens.ValidateTokenAsync(token, Parameters(_key));

        first.IsValid.ShouldBeTrue();
        second.IsValid.ShouldBeTrue();
        second.ClaimsIdentity.FindFirst("sub")!.Value.ShouldBe("officer-1");
        second.ClaimsIdentity.FindAll("roles").Select(c => c.Value).ShouldBe(["recorder"]);
        second.SecurityToken.ShouldBeSameAs(first.SecurityToken);
        _inner.Checks.ShouldBe(1);
    }

    [Fact]
    public async Task Each_request_gets_its_own_identity_so_claims_added_to_one_do_not_reach_the_next()
    {
        var token = Mint(_key, TimeSpan.FromMinutes(10));

        var first = await _tokens.ValidateTokenAsync(token, Parameters(_key));
        first.ClaimsIdentity.AddClaim(new Claim("roles", "national-auditor"));
        var second = await _tokens.ValidateTokenAsync(token, Parameters(_key));
        second.ClaimsIdentity.AddClaim(new Claim("jurisdiction", "VN"));
        var third = await _tokens.ValidateTokenAsync(token, Parameters(_key));

        second.ClaimsIdentity.ShouldNotBeSameAs(first.ClaimsIdentity);
        third.ClaimsIdentity.FindAll("roles").Select(c => c.Value).ShouldBe(["recorder"]);
        third.ClaimsIdentity.FindFirst("jurisdiction").ShouldBeNull();
    }

    [Fact]
    public async Task A_refused_token_is_checked_again_every_time()
    {
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var forged = Mint(new ECDsaSecurityKey(other), TimeSpan.FromMinutes(10));

        var first = await _tokens.ValidateTokenAsync(forged, Parameters(_key));
        var second = await _tokens.ValidateTokenAsync(forged, Parameters(_key));

        first.IsValid.ShouldBeFalse();
        second.IsValid.ShouldBeFalse();
        second.Exception.ShouldBeAssignableTo<SecurityTokenInvalidSignatureException>();
        _inner.Checks.ShouldBe(2);
    }

    [Fact]
    public async Task A_token_is_not_remembered_past_its_expiry()
    {
        // Inside the validator's clock skew, so the check itself still accepts it.
        var expired = Mint(_key, TimeSpan.FromSeconds(-5), notBefore: TimeSpan.FromMinutes(-10));

        (await _tokens.ValidateTokenAsync(expired, Parameters(_key))).IsValid.ShouldBeTrue();
        (await _tokens.ValidateTokenAsync(expired, Parameters(_key))).IsValid.ShouldBeTrue();

        _inner.Checks.ShouldBe(2);
    }

    [Fact]
    public async Task A_remembered_token_is_checked_again_once_it_has_expired()
    {
        var token = Mint(_key, TimeSpan.FromSeconds(2));
        var first = await _tokens.ValidateTokenAsync(token, Parameters(_key));
        (await _tokens.ValidateTokenAsync(token, Parameters(_key))).IsValid.ShouldBeTrue();
        _inner.Checks.ShouldBe(1);

        await Task.Delay(first.SecurityToken.ValidTo - DateTime.UtcNow + TimeSpan.FromMilliseconds(200));
        // Inside the validator's clock skew, so the check itself still accepts it; what matters is that it ran.
        (await _tokens.ValidateTokenAsync(token, Parameters(_key))).IsValid.ShouldBeTrue();

        _inner.Checks.ShouldBe(2);
    }

    [Fact]
    public async Task Past_its_capacity_it_forgets_tokens_rather_than_grow()
    {
        using var small = new ValidatedTokens(_inner, capacity: 2);
        var tokens = Enumerable.Range(0, 5).Select(_ => Mint(_key, TimeSpan.FromMinutes(10))).ToList();

        foreach (var token in tokens)
        {
            (await small.ValidateTokenAsync(token, Parameters(_key))).IsValid.ShouldBeTrue();
        }
        foreach (var token in tokens)
        {
            (await small.ValidateTokenAsync(token, Parameters(_key))).IsValid.ShouldBeTrue();
        }

        // Five first checks, and at least the three that did not fit are checked again.
        _inner.Checks.ShouldBeGreaterThanOrEqualTo(8);
    }

    [Fact]
    public async Task A_token_living_longer_than_its_issuers_maximum_is_refused_and_says_so()
    {
        // Given
        using var capped = new ValidatedTokens(_inner, maxLifetime: TimeSpan.FromHours(12));
        var century = Mint(_key, TimeSpan.FromDays(36525));

        // When
        var result = await capped.ValidateTokenAsync(century, Parameters(_key));

        // Then
        result.IsValid.ShouldBeFalse();
        result.Exception.ShouldBeOfType<TokenLifetimeTooLongException>()
            .Message.ShouldBe("The bearer token lives 876600 hours; tokens of its issuer may live at most 12 hours. Ask for a shorter-lived token.");
    }

    [Fact]
    public async Task A_token_of_exactly_the_maximum_lifetime_is_accepted()
    {
        using var capped = new ValidatedTokens(_inner, maxLifetime: TimeSpan.FromHours(12));

        (await capped.ValidateTokenAsync(Mint(_key, TimeSpan.FromHours(12)), Parameters(_key))).IsValid.ShouldBeTrue();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Without_iat_or_with_iat_in_the_future_the_lifetime_counts_from_now(bool futureIat)
    {
        // Given: expiring in two days, with no iat, or with an iat one hour before that expiry
        using var capped = new ValidatedTokens(_inner, maxLifetime: TimeSpan.FromHours(12));
        var expires = DateTime.UtcNow.AddDays(2);
        var token = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "issuer",
            Audience = "bvantq-ledger",
            Subject = new ClaimsIdentity([new Claim("sub", "officer-1")]),
            IssuedAt = futureIat ? expires.AddHours(-1) : null,
            Expires = expires,
            SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.EcdsaSha256),
        });

        // When
        var result = await capped.ValidateTokenAsync(token, Parameters(_key));

        // Then
        result.Exception.ShouldBeOfType<TokenLifetimeTooLongException>();
    }

    private static string Mint(SecurityKey key, TimeSpan lifetime, TimeSpan? notBefore = null)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "issuer",
            Audience = "bvantq-ledger",
            Subject = new ClaimsIdentity([new Claim("sub", "officer-1"), new Claim("roles", "recorder")]),
            IssuedAt = now + (notBefore ?? TimeSpan.Zero),
            NotBefore = now + (notBefore ?? TimeSpan.Zero),
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.EcdsaSha256),
        });
    }

    private static TokenValidationParameters Parameters(SecurityKey key) => new()
    {
        ValidIssuer = "issuer",
        ValidAudience = "bvantq-ledger",
        IssuerSigningKey = key,
        ClockSkew = TimeSpan.FromMinutes(1),
        NameClaimType = "sub",
        RoleClaimType = "roles",
    };

    private sealed class CountingHandler : TokenHandler
    {
        private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
        public int Checks { get; private set; }

        public override Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
        {
            Checks++;
            return _handler.ValidateTokenAsync(token, validationParameters);
        }
    }
}
