namespace EventSourced.Api.Ledger;

/// <summary>An exact count and how a report would write it.</summary>
/// <param name="Exact">The exact count.</param>
/// <param name="Display">Vietnamese display: "1.616", or "hơn 1.600" style for large counts (rule 10).</param>
public sealed record Figure(long Exact, string Display)
{
    public static Figure Of(long exact) => new(exact, ReportedNumbers.MoreThan(exact));

    /// <summary>How many items per key, keys in ordinal order so reports list them the same way every time.</summary>
    public static Dictionary<string, Figure> CountBy<T>(IEnumerable<T> items, Func<T, string> key) =>
        items.GroupBy(key).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => Of(g.Count()));
}
