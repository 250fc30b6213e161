using System.Security.Cryptography;
using System.Text;

namespace EventSourced.Api.Modules.Audit;

/// <summary>
/// The hash chain's canonical form, shared by the database (<see cref="AuditSchema"/>'s hash function) and the offline
/// verifier. docs/audit.md describes it.
/// </summary>
public static class EventChain
{
    public const string Version = "ledger-event-v1";

    /// <summary>
    /// The canonical form of an event, exactly as the database hashes it: the fields as PostgreSQL renders them (uuid
    /// text, jsonb text, the recorded time in UTC to the microsecond), one per line, ending with the previous hash.
    /// The offline verifier hashes an export's fields with this and must reproduce the chain.
    /// </summary>
    public static string Canonical(ChainedEvent e) => string.Join('\n',
        Version,
        $"stream:{e.StreamId}",
        $"version:{e.Version}",
        $"type:{e.Type}",
        $"id:{e.Id}",
        $"recorded:{e.Recorded}",
        $"user:{e.User}",
        $"correlation:{e.Correlation}",
        $"causation:{e.Causation}",
        $"headers:{e.Headers}",
        $"data:{e.Data}",
        $"previous:{e.PreviousHash}");

    public static string Hash(ChainedEvent e) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Canonical(e))));
}

/// <summary>
/// One event as chained: every field of the canonical form in its canonical text (<see cref="EventChain.Canonical"/>),
/// with the hash the chain recorded. The export bundle carries these.
/// </summary>
public sealed record ChainedEvent(
    long Sequence, Guid StreamId, long Version, string Type, Guid Id, string Recorded, string User, string Correlation,
    string Causation, string Headers, string Data, string PreviousHash, string Hash);
