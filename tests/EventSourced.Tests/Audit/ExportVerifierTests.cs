using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EventSourced.Api.Modules.Audit;

namespace EventSourced.Tests.Audit;

public class ExportVerifierTests
{
    private static readonly Guid Stream = Guid.Parse("01a20920-0e7f-7000-a4b3-738be19b88fa");

    /// <summary>A one-event bundle, consistent in itself and signed by <paramref name="key"/>.</summary>
    private static string Bundle(ECDsa key)
    {
        var unhashed = new ChainedEvent(10, Stream, 1, "model_registered", Guid.Parse("01a20920-0e80-7000-8000-000000000001"),
            "2026-11-23T08:15:02.123456Z", "officer-0427", "q4-report", "q4-key", "{\"client\": \"q4\"}", "{\"launchDate\": \"2023-04-01\"}", "", "");
        var e = unhashed with { Hash = EventChain.Hash(unhashed) };
        var manifest = JsonSerializer.Serialize(new ExportManifest(ExportUnitEndpoint.Format, "27259", false, null, null,
            new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero), "inspector-01", "inspectorate", 1,
            Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(e.Hash + "\n"))),
            [new StreamExtent(Stream, 1, 1, 1, null, e.Hash)], ExportSigning.KeyId(key)), BundleJson.Options);
        return JsonSerializer.Serialize(new ExportBundle(ExportUnitEndpoint.Format, [e], manifest,
            Convert.ToBase64String(key.SignData(Encoding.UTF8.GetBytes(manifest), HashAlgorithmName.SHA256)), key.ExportSubjectPublicKeyInfoPem()), BundleJson.Options);
    }

    [Fact]
    public void A_bundle_signed_by_a_key_of_the_trust_store_holds()
    {
        // Given
        using var ledger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var earlier = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var trustStore = earlier.ExportSubjectPublicKeyInfoPem() + "\n" + ledger.ExportSubjectPublicKeyInfoPem();

        // When
        var check = ExportVerifier.Check(Bundle(ledger), trustStore);

        // Then
        check.Mismatches.ShouldBeEmpty();
        (check.Holds, check.SignerTrusted, check.Events, check.Streams, check.KeyId).ShouldBe((true, true, 1, 1, ExportSigning.KeyId(ledger)));
    }

    [Fact]
    public void Without_a_trusted_key_a_consistent_bundle_never_holds()
    {
        using var anyone = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var check = ExportVerifier.Check(Bundle(anyone), null);

        check.Mismatches.ShouldBeEmpty();
        (check.Holds, check.SignerTrusted).ShouldBe((false, false));
    }

    [Fact]
    public void A_bundle_signed_by_another_key_does_not_hold_and_names_the_untrusted_signer()
    {
        using var ledger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var forger = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var check = ExportVerifier.Check(Bundle(forger), ledger.ExportSubjectPublicKeyInfoPem());

        check.Holds.ShouldBeFalse();
        check.Mismatches.ShouldBe([$"Signed with key {ExportSigning.KeyId(forger)}, not with the trusted key {ExportSigning.KeyId(ledger)}: the signer is not trusted."]);
    }

    [Fact]
    public void A_trusted_key_file_without_a_public_key_trusts_nothing()
    {
        using var ledger = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        var check = ExportVerifier.Check(Bundle(ledger), ledger.ExportPkcs8PrivateKeyPem());

        check.Holds.ShouldBeFalse();
        check.Mismatches.ShouldBe(["The trusted key file holds no PEM public key."]);
    }

    [Fact]
    public void A_bundle_that_ends_with_an_error_record_does_not_hold_and_says_it_is_incomplete()
    {
        using var ledger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var interrupted = $"{{\"format\":\"{ExportUnitEndpoint.Format}\",\"events\":[],\"error\":{{\"type\":\"{StreamInterrupted.ProblemType}\",\"title\":\"…\",\"detail\":\"…\",\"correlationId\":\"c-1\"}}}}";

        var check = ExportVerifier.Check(interrupted, ledger.ExportSubjectPublicKeyInfoPem());

        check.Holds.ShouldBeFalse();
        check.Mismatches.ShouldHaveSingleItem().ShouldStartWith($"The export was interrupted after 0 events ({StreamInterrupted.ProblemType}, correlation id c-1)");
    }

    [Fact]
    public void A_truncated_bundle_does_not_hold()
    {
        using var ledger = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var bundle = Bundle(ledger);

        var check = ExportVerifier.Check(bundle[..(bundle.Length / 2)], ledger.ExportSubjectPublicKeyInfoPem());

        check.Holds.ShouldBeFalse();
        check.Mismatches.ShouldHaveSingleItem().ShouldStartWith("The bundle is not valid JSON (truncated?)");
    }
}
