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
/// A token stays accepted until its expiry even if its issuer rotates keys meanwhile, as a signed token would anyway.</remarks>
public sealed class ValidatedTokens(TokenHandler inner, int capacity = ValidatedTokens.DefaultCapacity) : TokenHandler, IDisposable
{
    /// <summary>Enough for every client system and user of a busy node; past it the least recently used are checked again.</summary>
    public const int DefaultCapacity = 10_000;

    private readonly MemoryCache _valid = new(new MemoryCacheOptions { SizeLimit = capacity });

    public ValidatedTokens() : this(new JsonWebTokenHandler { MapInboundClaims = false })
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
