using System.Security.Cryptography;
using EventSourced.Api.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourced.Api.Modules.Audit;

/// <summary>
/// The key export bundles are signed with: <c>Audit:SigningKeyPem</c> (a PKCS#8 EC P-256 private key) or the file at
/// <c>Audit:SigningKeyPath</c>; outside Production, a development key generated on first run under the user's local
/// application data. Production without a configured key refuses to export rather than sign with a throwaway key.
/// </summary>
public sealed class ExportSigning(IConfiguration configuration, IHostEnvironment environment)
{
    private readonly Lazy<ECDsa?> _key = new(() => Load(configuration, environment));

    public ECDsa? Key => _key.Value;

    private static ECDsa? Load(IConfiguration configuration, IHostEnvironment environment)
    {
        if (configuration["Audit:SigningKeyPem"] is { Length: > 0 } pem)
        {
            var key = ECDsa.Create();
            key.ImportFromPem(pem);
            return key;
        }
        if (configuration["Audit:SigningKeyPath"] is { Length: > 0 } path)
        {
            return SigningKeys.LoadOrCreate(Path.GetFullPath(path));
        }
        return environment.IsProduction() ? null : SigningKeys.LoadOrCreate(SigningKeys.LocalPath("export-signing.pem"));
    }

    public static ProblemDetails Unavailable() => new()
    {
        Type = "urn:bvantq:problem:export-unavailable",
        Title = "Exports are not configured.",
        Status = StatusCodes.Status503ServiceUnavailable,
        Detail = "No signing key is configured (Audit:SigningKeyPem or Audit:SigningKeyPath).",
    };

    /// <summary>A short, stable name of a public key: the first 16 hex digits of the SHA-256 of its SubjectPublicKeyInfo.</summary>
    public static string KeyId(ECDsa key) => KeyId(key.ExportSubjectPublicKeyInfo());

    /// <summary>A key's name for people: the first 16 hex digits of the SHA-256 of its public key (SubjectPublicKeyInfo).</summary>
    public static string KeyId(ReadOnlySpan<byte> subjectPublicKeyInfo) => Convert.ToHexStringLower(SHA256.HashData(subjectPublicKeyInfo))[..16];
}

public static class GetSigningKeyEndpoint
{
    public const string PemMediaType = "application/x-pem-file";

    /// <summary>The public key export bundles are signed with (PEM), for auditors to pin with <c>verify-export --public-key</c>.</summary>
    /// <remarks>Fetch it once and keep it, or compare it with the copy operations hands over: a bundle is only as
    /// trustworthy as the key it is checked against. 503 when no signing key is configured.</remarks>
    [Authorize(Policy = Access.Audit)]
    [WolverineGet("/api/v1/audit/signing-key")]
    [Tags("Audit")]
    [ProducesResponseType<string>(StatusCodes.Status200OK, PemMediaType)]
    public static IResult Get(ExportSigning signing) => signing.Key is { } key
        ? Results.Text(key.ExportSubjectPublicKeyInfoPem() + "\n", PemMediaType)
        : Results.Problem(ExportSigning.Unavailable());
}
