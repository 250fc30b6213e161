using System.Collections.Concurrent;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace EventSourced.Api.Infrastructure;

/// <summary>
/// Tokens for development and tests, signed with an ES256 key generated on this machine the first time it is needed
/// and kept outside the repository (default: the user's local application data), so no key is ever committed. The
/// service trusts it outside Production only (<c>Auth:DevelopmentKeyEnabled</c>).
/// </summary>
public static class DevelopmentTokens
{
    public const string Issuer = "bvantq-ledger-dev";
    public const string KeyPathSetting = "Auth:DevelopmentKeyPath";

    private static readonly ConcurrentDictionary<string, ECDsaSecurityKey> Keys = new(StringComparer.Ordinal);

    public static string KeyPath(IConfiguration configuration) =>
        configuration[KeyPathSetting] is { Length: > 0 } path
            ? Path.GetFullPath(path)
            : SigningKeys.LocalPath("token-signing.pem");

    /// <summary>The signing key (with its private part); created on first use.</summary>
    public static ECDsaSecurityKey LoadOrCreate(IConfiguration configuration) => Keys.GetOrAdd(KeyPath(configuration), LoadOrCreate);

    /// <summary>A signed token, as an agency's identity provider would issue it.</summary>
    public static string Mint(IConfiguration configuration, TokenRequest request)
    {
        var audience = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>()?.Audience ?? new AuthOptions().Audience;
        var claims = new List<Claim>
        {
            new(JwtRegisteredClaimNames.Sub, request.Subject),
            new(JwtRegisteredClaimNames.Azp, request.Client),
            new(JwtRegisteredClaimNames.Jti, Guid.NewGuid().ToString("N")),
        };
        claims.AddRange(request.Roles.Select(r => new Claim("roles", r)));
        claims.AddRange(request.Jurisdictions.Select(j => new Claim(Jurisdiction.ClaimType, j)));
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + request.Lifetime,
            SigningCredentials = new SigningCredentials(LoadOrCreate(configuration), SecurityAlgorithms.EcdsaSha256),
        });
    }

    private static ECDsaSecurityKey LoadOrCreate(string path)
    {
        var securityKey = new ECDsaSecurityKey(SigningKeys.LoadOrCreate(path));
        securityKey.KeyId = Base64UrlEncoder.Encode(securityKey.ComputeJwkThumbprint());
        return securityKey;
    }
}

/// <summary>What a development token says about its bearer.</summary>
public sealed record TokenRequest(string Subject, string Client, IReadOnlyList<string> Roles, IReadOnlyList<string> Jurisdictions, TimeSpan Lifetime);

/// <summary>Keys kept as PEM files: signing keys this service generates, and public keys it is given.</summary>
public static class SigningKeys
{
    /// <summary>Where keys generated for this user live: outside any repository clone.</summary>
    public static string LocalPath(string fileName) => Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create), "bvantq-ledger", fileName);

    /// <summary>
    /// An ECDSA P-256 private key from a PKCS#8 PEM file, generated there (readable by the owner only) the first time.
    /// Two processes starting at once (tests, the service and the CLI) agree on the first key written.
    /// </summary>
    public static ECDsa LoadOrCreate(string path)
    {
        if (!File.Exists(path))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            using var fresh = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
            File.WriteAllText(temporary, fresh.ExportPkcs8PrivateKeyPem());
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temporary, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
            try
            {
                File.Move(temporary, path, overwrite: false);
            }
            catch (IOException) when (File.Exists(path))
            {
                File.Delete(temporary);
            }
        }
        var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(path));
        return key;
    }

    public static SecurityKey PublicKeyFromPem(string pem)
    {
        if (TryEc(pem) is { } ec)
        {
            return ec;
        }
        var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        return new RsaSecurityKey(rsa);
    }

    private static ECDsaSecurityKey? TryEc(string pem)
    {
        var ec = ECDsa.Create();
        try
        {
            ec.ImportFromPem(pem);
            return new ECDsaSecurityKey(ec);
        }
        catch (Exception e) when (e is ArgumentException or CryptographicException)
        {
            ec.Dispose();
            return null;
        }
    }
}
