using System.Globalization;

namespace EventSourced.Bench;

/// <summary>How big and how long. The bulk load stops at two history sizes, the larger ten times the smaller
/// (issue 12: 200,000 and 2,000,000 shifts; <c>--quick</c>: 20,000 and 200,000), and the analyst queries are timed
/// at each: up to <see cref="QuerySamples"/> requests, for about <see cref="QueryBudget"/>, never fewer than
/// <see cref="QueryMinimum"/> (a query that takes seconds still gets a p50).</summary>
public sealed record BenchSettings(
    bool Quick, int Clients, TimeSpan Duration, int CopyRows, IReadOnlyList<long> Sizes, int QuerySamples, int QueryMinimum, TimeSpan QueryBudget)
{
    public long BulkEvents => Sizes[^1];

    public static BenchSettings From(string[] args)
    {
        var quick = args.Contains("--quick");
        int Value(string flag, int otherwise) =>
            args.SkipWhile(a => a != flag).Skip(1).Select(v => int.Parse(v, CultureInfo.InvariantCulture)).FirstOrDefault(otherwise);
        long events = Value("--events", quick ? 200_000 : 2_000_000);
        return new BenchSettings(
            quick,
            Value("--clients", 8),
            TimeSpan.FromSeconds(Value("--seconds", quick ? 5 : 15)),
            quick ? 200_000 : 1_000_000,
            [events / 10, events],
            quick ? 30 : 50,
            quick ? 3 : 5,
            TimeSpan.FromSeconds(quick ? 8 : 20));
    }
}
