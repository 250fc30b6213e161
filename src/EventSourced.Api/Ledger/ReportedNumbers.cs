using System.Globalization;

namespace EventSourced.Api.Ledger;

/// <summary>
/// How the reviews write numbers (DESIGN.md rule 10). The ledger stores exact counts; a report that says "hơn 30.000"
/// (more than 30,000) shows the count rounded down to two significant digits, Vietnamese grouping with dots.
/// </summary>
public static class ReportedNumbers
{
    private static readonly NumberFormatInfo Vietnamese = new() { NumberGroupSeparator = ".", NumberDecimalSeparator = "," };

    /// <summary>1616 → "1.616".</summary>
    public static string Grouped(long count) => count.ToString("#,0", Vietnamese);

    /// <summary>The count rounded down to two significant digits: 1651 → 1600, 30412 → 30000, 97 → 97.</summary>
    public static long RoundedDown(long count)
    {
        if (count < 100)
        {
            return count;
        }
        var scale = (long)Math.Pow(10, Math.Floor(Math.Log10(count)) - 1);
        return count / scale * scale;
    }

    /// <summary>
    /// 1651 → "hơn 1.600"; 1600 → "1.600". "hơn" only when rounding dropped something: a report that says "hơn 110"
    /// of exactly 110 states a count it does not have (rule 10).
    /// </summary>
    public static string MoreThan(long count) => RoundedDown(count) is var shown && shown < count ? $"hơn {Grouped(shown)}" : Grouped(count);

    /// <summary>A reported "hơn N" holds when the exact count is greater than N.</summary>
    public static bool SatisfiesMoreThan(long exact, long reportedLowerBound) => exact > reportedLowerBound;
}
