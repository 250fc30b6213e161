using System.Globalization;

namespace EventSourced.Bench;

/// <summary>How big and how long: <c>--quick</c> finishes in under 2 minutes, the full run (2,000,000 events, so the
/// rebuild memory is compared at 1M and 2M as issue 6 asks) in under 15.</summary>
public sealed record BenchSettings(bool Quick, int Clients, TimeSpan Duration, int CopyRows, long BulkEvents)
{
    public static BenchSettings From(string[] args)
    {
        var quick = args.Contains("--quick");
        int Value(string flag, int otherwise) =>
            args.SkipWhile(a => a != flag).Skip(1).Select(v => int.Parse(v, CultureInfo.InvariantCulture)).FirstOrDefault(otherwise);
        return new BenchSettings(
            quick,
            Value("--clients", 8),
            TimeSpan.FromSeconds(Value("--seconds", quick ? 5 : 15)),
            quick ? 200_000 : 1_000_000,
            Value("--events", quick ? 100_000 : 2_000_000));
    }
}
