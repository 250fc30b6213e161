using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace EventSourced.Api.Modules.Audit;

/// <summary>
/// What an offline check of a bundle found. It holds only when nothing mismatches and the signer is a key the verifier
/// trusts: a bundle carries its own public key, so anyone who edits it can re-hash and re-sign it with a key of their own.
/// </summary>
public sealed record BundleCheck(IReadOnlyList<string> Mismatches, int Events, int Streams, string? KeyId, bool SignerTrusted)
{
    public bool Holds => Mismatches.Count == 0 && SignerTrusted;
}

/// <summary>
/// Checks an export bundle with nothing but the bundle and the public keys the verifier trusts: that the signer is one
/// of them, the manifest's signature, the manifest against the events, each event's hash against its canonical form,
/// and the chain between consecutive events of each stream. Says exactly what does not match.
/// </summary>
public static class ExportVerifier
{
    /// <param name="bundleJson">The bundle as exported.</param>
    /// <param name="trustedPublicKeysPem">One or more PEM public keys (the ledger's current key and any earlier ones);
    /// null when the verifier pinned none, and then the bundle never holds.</param>
    public static BundleCheck Check(string bundleJson, string? trustedPublicKeysPem)
    {
        var mismatches = new List<string>();
        ExportBundle? bundle;
        try
        {
            bundle = JsonSerializer.Deserialize<ExportBundle>(bundleJson, BundleJson.Options);
        }
        catch (JsonException e)
        {
            return new BundleCheck([$"The bundle is not valid JSON (truncated?): {e.Message}"], 0, 0, null, false);
        }
        if (bundle?.Error is { } error)
        {
            return new BundleCheck([$"The export was interrupted after {bundle.Events?.Count ?? 0} events ({error.Type}, correlation id {error.CorrelationId}): the bundle is incomplete and has no signed manifest. Export again."],
                bundle.Events?.Count ?? 0, 0, null, false);
        }
        if (bundle is null || bundle.Format != ExportUnitEndpoint.Format || bundle.Manifest is null || bundle.Events is null
            || bundle.PublicKey is null || bundle.Signature is null)
        {
            return new BundleCheck([$"Not a {ExportUnitEndpoint.Format} bundle."], 0, 0, null, false);
        }

        using var signer = ECDsa.Create();
        try
        {
            signer.ImportFromPem(bundle.PublicKey);
        }
        catch (ArgumentException)
        {
            return new BundleCheck(["The bundle's public key is not a PEM public key."], bundle.Events.Count, 0, null, false);
        }
        var keyId = ExportSigning.KeyId(signer);
        var signerTrusted = false;
        if (trustedPublicKeysPem is not null)
        {
            var trusted = TrustedKeys(trustedPublicKeysPem);
            // The whole key is compared, not its 16-digit id: an id is a name for people, not a check.
            signerTrusted = trusted.Any(t => t.AsSpan().SequenceEqual(signer.ExportSubjectPublicKeyInfo()));
            if (trusted.Count == 0)
            {
                mismatches.Add("The trusted key file holds no PEM public key.");
            }
            else if (!signerTrusted)
            {
                var ids = string.Join(" or ", trusted.Select(t => ExportSigning.KeyId(t)));
                mismatches.Add($"Signed with key {keyId}, not with the trusted key {ids}: the signer is not trusted.");
            }
        }
        var signature = new byte[bundle.Signature.Length];
        if (!Convert.TryFromBase64String(bundle.Signature, signature, out var length)
            || !signer.VerifyData(Encoding.UTF8.GetBytes(bundle.Manifest), signature.AsSpan(0, length), HashAlgorithmName.SHA256))
        {
            mismatches.Add("The manifest's signature does not verify: the manifest was changed after signing, or the signature is not this key's.");
        }
        ExportManifest manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<ExportManifest>(bundle.Manifest, BundleJson.Options)
                ?? throw new JsonException("empty manifest");
        }
        catch (JsonException e)
        {
            return new BundleCheck([.. mismatches, $"The manifest is not readable: {e.Message}"], bundle.Events.Count, 0, keyId, signerTrusted);
        }
        if (manifest.KeyId != keyId)
        {
            mismatches.Add($"The manifest names key {manifest.KeyId}, but the bundle carries key {keyId}.");
        }

        using var digest = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var previousInStream = new Dictionary<Guid, ChainedEvent>();
        foreach (var e in bundle.Events)
        {
            digest.AppendData(Encoding.UTF8.GetBytes(e.Hash + "\n"));
            var recomputed = EventChain.Hash(e);
            if (recomputed != e.Hash)
            {
                mismatches.Add($"Event {e.Sequence} (stream {e.StreamId}, version {e.Version}, {e.Type}): its fields hash to {recomputed}, not to its chain link {e.Hash}; it was changed after export.");
            }
            if (previousInStream.TryGetValue(e.StreamId, out var before))
            {
                if (e.Version != before.Version + 1)
                {
                    mismatches.Add($"Stream {e.StreamId}: version {e.Version} follows version {before.Version}; versions {before.Version + 1}–{e.Version - 1} are not in the bundle.");
                }
                else if (e.PreviousHash != before.Hash)
                {
                    mismatches.Add($"Stream {e.StreamId}: version {e.Version} names the previous hash {e.PreviousHash}, but version {before.Version} hashes to {before.Hash}.");
                }
            }
            previousInStream[e.StreamId] = e;
        }
        if (bundle.Events.Count != manifest.Events)
        {
            mismatches.Add($"The manifest counts {manifest.Events} events; the bundle holds {bundle.Events.Count}.");
        }
        var eventsDigest = Convert.ToHexStringLower(digest.GetHashAndReset());
        if (eventsDigest != manifest.EventsDigest)
        {
            mismatches.Add($"The events' digest is {eventsDigest}; the manifest signed {manifest.EventsDigest}: events were added, removed, reordered or relinked.");
        }
        foreach (var stream in manifest.Streams)
        {
            if (!previousInStream.TryGetValue(stream.StreamId, out var last))
            {
                mismatches.Add($"Stream {stream.StreamId} is in the manifest but has no events in the bundle.");
            }
            else if (last.Version != stream.LastVersion || last.Hash != stream.HeadHash)
            {
                mismatches.Add($"Stream {stream.StreamId} ends at version {last.Version} ({last.Hash}); the manifest signed version {stream.LastVersion} ({stream.HeadHash}).");
            }
        }
        foreach (var extra in previousInStream.Keys.Except(manifest.Streams.Select(s => s.StreamId)))
        {
            mismatches.Add($"Stream {extra} has events in the bundle but is not in the manifest.");
        }
        return new BundleCheck(mismatches, bundle.Events.Count, previousInStream.Count, keyId, signerTrusted);
    }

    /// <summary>The SubjectPublicKeyInfo of every public key in a PEM text; other PEM blocks are skipped.</summary>
    private static List<byte[]> TrustedKeys(string pem)
    {
        var keys = new List<byte[]>();
        var rest = pem.AsSpan();
        while (PemEncoding.TryFind(rest, out var fields))
        {
            if (rest[fields.Label].SequenceEqual("PUBLIC KEY"))
            {
                keys.Add(Convert.FromBase64String(rest[fields.Base64Data].ToString()));
            }
            rest = rest[fields.Location.End..];
        }
        return keys;
    }
}
