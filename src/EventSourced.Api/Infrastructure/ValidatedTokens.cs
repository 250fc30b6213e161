using System.Globalization;
using System.Security.Claims;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace EventSourced.Api.Infrastructure;

/// <summary>
/// Checks each bearer token once for its lifetime. Agency systems send the same token on every call until it expires,
/// and its signature check was the largest single cost of an authenticated read (docs/performance.md). Only tokens
/// found valid are remembered, and only until they expire; a refused token is checked again every time. Each request
/// gets its own copy of the identity, because <c>OnTokenValidated</c> adds claims to it.
/// </summary>
/// <remarks>One instance per bearer scheme, so a token is only ever remembered against the issuer that checked it.
/// A token stays accepted until its expiry even if its issuer rotates keys meanwhile, as a signed token would anyway;
/// hence the issuer's maximum lifetime, which bounds how long a leaked token works (issue 11: a 100-year token was
/// accepted).</remarks>
public sealed class ValidatedTokens(TokenHandler inner, int capacity = ValidatedTokens.DefaultCapacity, TimeSpan? maxLifetime = null)
    : TokenHandler, IDisposable
{
    /// <summary>Enough for every client system and user of a busy node; past it the least recently used are checked again.</summary>
    public const int DefaultCapacity = 10_000;

    private readonly MemoryCache _valid = new(new MemoryCacheOptions { SizeLimit = capacity });

    public ValidatedTokens(TimeSpan maxLifetime) : this(new JsonWebTokenHandler { MapInboundClaims = false }, DefaultCapacity, maxLifetime)
    {
    }

    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        // The cache drops an entry at its absolute expiration, the token's own.
        if (_valid.TryGetValue(token, out Validated? known))
        {
            return known!.ForRequest();
        }
        var result = await inner.ValidateTokenAsync(token, validationParameters);
        if (result.IsValid && TooLong(result.SecurityToken, validationParameters.ClockSkew) is { } refused)
        {
            return new TokenValidationResult { IsValid = false, Exception = refused };
        }
        if (result.IsValid && result.SecurityToken.ValidTo > DateTime.UtcNow)
        {
            var validated = new Validated(result.ClaimsIdentity.Clone(), result.SecurityToken, result.Issuer, result.TokenType);
            _valid.Set(token, validated, new MemoryCacheEntryOptions
            {
                Size = 1,
                AbsoluteExpiration = new DateTimeOffset(result.SecurityToken.ValidTo, TimeSpan.Zero),
            });
        }
        return result;
    }

    public override SecurityToken ReadToken(string token) => inner.ReadToken(token);

    /// <summary>
    /// Refuses a token that lives longer than the issuer allows, counted from its <c>iat</c> and also from now: a
    /// missing <c>iat</c>, or one set in the future, must not stretch the lifetime past the maximum.
    /// </summary>
    private TokenLifetimeTooLongException? TooLong(SecurityToken token, TimeSpan clockSkew)
    {
        if (maxLifetime is not { } max)
        {
            return null;
        }
        var issuedAt = token is JsonWebToken { IssuedAt: var iat } && iat != DateTime.MinValue ? iat : (DateTime?)null;
        var fromIssue = issuedAt is { } at ? token.ValidTo - at : TimeSpan.Zero;
        var fromNow = token.ValidTo - DateTime.UtcNow - clockSkew;
        var lifetime = fromIssue > fromNow ? fromIssue : fromNow;
        return lifetime > max
            ? new TokenLifetimeTooLongException(
                $"The bearer token lives {Hours(lifetime)}; tokens of its issuer may live at most {Hours(max)}. Ask for a shorter-lived token.")
            : null;
    }

    private static string Hours(TimeSpan span) => $"{span.TotalHours.ToString("0.##", CultureInfo.InvariantCulture)} hours";

    public void Dispose() => _valid.Dispose();

    private sealed record Validated(ClaimsIdentity Identity, SecurityToken Token, string Issuer, string TokenType)
    {
        public TokenValidationResult ForRequest() => new()
        {
            IsValid = true,
            ClaimsIdentity = Identity.Clone(),
            SecurityToken = Token,
            Issuer = Issuer,
            TokenType = TokenType,
        };
    }
}

/// <summary>A token whose lifetime exceeds its issuer's <c>MaxLifetime</c>; the 401 names this reason.</summary>
public sealed class TokenLifetimeTooLongException(string message) : SecurityTokenInvalidLifetimeException(message);
