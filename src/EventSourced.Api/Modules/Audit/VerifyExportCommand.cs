using JasperFx.CommandLine;

namespace EventSourced.Api.Modules.Audit;

public sealed class VerifyExportInput
{
    [Description("The bundle: the body of GET /api/v1/units/{code}/export")]
    public string Bundle { get; set; } = "";

    [Description("PEM file of the public key(s) you trust, e.g. from GET /api/v1/audit/signing-key; without it nothing is OK")]
    public string PublicKeyFlag { get; set; } = "";
}

/// <summary>
/// <c>dotnet EventSourced.Api.dll verify-export bundle.json --public-key ledger.pem</c>: checks an export offline,
/// with no database and no network; exit code 0 when it holds, 1 with each mismatch printed when it does not. Without
/// a trusted key it checks everything else but never says OK: the key a bundle carries proves nothing by itself.
/// </summary>
[Description("Verify an audit export bundle offline: signature, manifest, every event's hash and the chain", Name = "verify-export")]
public sealed class VerifyExportCommand : JasperFxCommand<VerifyExportInput>
{
    public override bool Execute(VerifyExportInput input)
    {
        if (!File.Exists(input.Bundle))
        {
            Console.Error.WriteLine($"No file {input.Bundle}.");
            return false;
        }
        if (!string.IsNullOrEmpty(input.PublicKeyFlag) && !File.Exists(input.PublicKeyFlag))
        {
            Console.Error.WriteLine($"No file {input.PublicKeyFlag}.");
            return false;
        }
        var trusted = string.IsNullOrEmpty(input.PublicKeyFlag) ? null : File.ReadAllText(input.PublicKeyFlag);
        var check = ExportVerifier.Check(File.ReadAllText(input.Bundle), trusted);
        if (check.Holds)
        {
            Console.WriteLine($"OK: {check.Events} events in {check.Streams} streams; every hash, link and count matches the manifest signed by the trusted key {check.KeyId}.");
            return true;
        }
        if (check.Mismatches.Count == 0)
        {
            Console.WriteLine($"NOT VERIFIED: {check.Events} events in {check.Streams} streams match the manifest, but it is signed by key {check.KeyId}, which is not trusted: no --public-key was given, and anyone can re-sign an edited bundle with a key of their own.");
            Console.WriteLine("  Pin the ledger's key: --public-key ledger.pem (GET /api/v1/audit/signing-key, kept from a channel you trust).");
            return false;
        }
        Console.WriteLine($"NOT OK: {check.Mismatches.Count} mismatch(es) in {check.Events} events:");
        foreach (var mismatch in check.Mismatches)
        {
            Console.WriteLine($"  - {mismatch}");
        }
        return false;
    }
}
