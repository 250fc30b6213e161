using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace EventSourced.Api.Modules.Audit;

/// <summary>What an offline check of a bundle found: nothing when it holds.</summary>
public sealed record BundleCheck(IReadOnlyList<string> Mismatches, int Events, int Streams, string? KeyId)
{
    public bool Holds => Mismatches.Count == 0;
}

/// <summary>
/// Checks an export bundle with nothing but the bundle (and, optionally, the public key the verifier trusts): the
/// manifest's signature, the manifest against the events, each event's hash against its canonical form, and the
/// chain between consecutive events of each stream. Says exactly what does not match.
/// </summary>
public static class ExportVerifier
{
    public static BundleCheck Check(string bundleJson, string? trustedPublicKeyPem)
    {
        var mismatches = new List<string>();
        ExportBundle? bundle;
        try
        {
            bundle = JsonSerializer.Deserialize<ExportBundle>(bundleJson, BundleJson.Options);
        }
        catch (JsonException e)
        {
            return new BundleCheck([$"The bundle is not valid JSON: {e.Message}"], 0, 0, null);
        }
        if (bundle is null || bundle.Format != ExportUnitEndpoint.Format || bundle.Manifest is null || bundle.Events is null
            || bundle.PublicKey is null || bundle.Signature is null)
        {
            return new BundleCheck([$"Not a {ExportUnitEndpoint.Format} bundle."], 0, 0, null);
        }

        using var signer = ECDsa.Create();
        try
        {
            signer.ImportFromPem(bundle.PublicKey);
        }
        catch (ArgumentException)
        {
            return new BundleCheck(["The bundle's public key is not a PEM public key."], bundle.Events.Count, 0, null);
        }
        var keyId = ExportSigning.KeyId(signer);
        if (trustedPublicKeyPem is not null)
        {
            using var trusted = ECDsa.Create();
            trusted.ImportFromPem(trustedPublicKeyPem);
            if (ExportSigning.KeyId(trusted) != keyId)
            {
                mismatches.Add($"Signed with key {keyId}, not with the trusted key {ExportSigning.KeyId(trusted)}.");
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
            return new BundleCheck([.. mismatches, $"The manifest is not readable: {e.Message}"], bundle.Events.Count, 0, keyId);
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
        return new BundleCheck(mismatches, bundle.Events.Count, previousInStream.Count, keyId);
    }
}
