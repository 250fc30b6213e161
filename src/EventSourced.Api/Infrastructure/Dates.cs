using System.Globalization;
using EventSourced.Api.Ledger;

namespace EventSourced.Api.Infrastructure;

public static class Dates
{
    /// <summary>
    /// The last date a query may name. Queries step whole days and months past the dates they are given (the end of a
    /// "known at" day, the months of a breakdown); near DateOnly.MaxValue those steps overflow, and no figure of the
    /// movement lies that far ahead.
    /// </summary>
    public static readonly DateOnly LatestQueryDate = new(2999, 12, 31);

    /// <summary>What a query date that does not parse, or lies outside the ledger's years, is told.</summary>
    public const string QueryDateMessage = "Must be a date, yyyy-MM-dd, from 1990-01-01 to 2999-12-31.";

    /// <summary>A yyyy-MM-dd query value from <see cref="CommonRules.EarliestDate"/> to <see cref="LatestQueryDate"/>; absent means today in Vietnam.</summary>
    public static bool TryParseQuery(string? text, TimeProvider time, out DateOnly date)
    {
        if (string.IsNullOrEmpty(text))
        {
            date = VietnamTime.Today(time);
            return true;
        }
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date)
            && date >= CommonRules.EarliestDate && date <= LatestQueryDate)
        {
            return true;
        }
        // The callers go on to compute with the date before they answer 400: leave them one that computes.
        date = VietnamTime.Today(time);
        return false;
    }

    /// <summary>The date of a query value the route's validator accepted (<see cref="CommonRules.QueryDate"/>); null when absent.</summary>
    public static DateOnly? Query(string? text, TimeProvider time) => text is not null && TryParseQuery(text, time, out var date) ? date : null;

    /// <summary>The date of a query value the route's validator accepted; today in Vietnam when absent.</summary>
    public static DateOnly QueryOrToday(string? text, TimeProvider time) => TryParseQuery(text, time, out var date) ? date : date;

    /// <summary>The end of an optional <c>knownAt</c> query value's day; null when absent (everything recorded counts).</summary>
    public static DateTimeOffset? KnownBefore(string? knownAt, TimeProvider time) => Query(knownAt, time) is { } day ? KnownBefore(day) : null;

    /// <summary>Rule 9's "known at a date": facts recorded before the end of that day in Vietnam.</summary>
    public static DateTimeOffset KnownBefore(DateOnly day) => new(day.AddDays(1).ToDateTime(TimeOnly.MinValue), VietnamTime.Offset);

    /// <summary>
    /// The optional <c>knownAt</c> query value. Null when it is absent (everything recorded counts); when it is not a
    /// date, a "knownAt" error is added to <paramref name="errors"/> and <paramref name="knownAt"/> is null.
    /// </summary>
    public static DateTimeOffset? KnownBefore(string? text, TimeProvider time, Dictionary<string, string[]> errors, out DateOnly? knownAt)
    {
        knownAt = text is not null && TryParseQuery(text, time, out var day) ? day : null;
        if (text is not null && knownAt is null)
        {
            errors["knownAt"] = [QueryDateMessage];
        }
        return knownAt is { } d ? KnownBefore(d) : null;
    }
}
