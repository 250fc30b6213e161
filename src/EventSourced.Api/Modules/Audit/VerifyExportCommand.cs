using JasperFx.CommandLine;

namespace EventSourced.Api.Modules.Audit;

public sealed class VerifyExportInput
{
    [Description("The bundle: the body of GET /api/v1/units/{code}/export")]
    public string Bundle { get; set; } = "";

    [Description("PEM file of the public key the bundle must be signed with (default: trust the key it carries, and print its id)")]
    public string PublicKeyFlag { get; set; } = "";
}

/// <summary>
/// <c>dotnet EventSourced.Api.dll verify-export bundle.json [--public-key ledger.pem]</c>: checks an export offline,
/// with no database and no network; exit code 0 when it holds, 1 with each mismatch printed when it does not.
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
        var trusted = string.IsNullOrEmpty(input.PublicKeyFlag) ? null : File.ReadAllText(input.PublicKeyFlag);
        var check = ExportVerifier.Check(File.ReadAllText(input.Bundle), trusted);
        if (check.Holds)
        {
            Console.WriteLine($"OK: {check.Events} events in {check.Streams} streams; every hash, link and count matches the manifest signed by key {check.KeyId}.");
            return true;
        }
        Console.WriteLine($"NOT OK: {check.Mismatches.Count} mismatch(es) in {check.Events} events:");
        foreach (var mismatch in check.Mismatches)
        {
            Console.WriteLine($"  - {mismatch}");
        }
        return false;
    }
}
