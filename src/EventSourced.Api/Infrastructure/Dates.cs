using System.Globalization;
using EventSourced.Api.Modules.Reference;

namespace EventSourced.Api.Infrastructure;

public static class Dates
{
    /// <summary>A yyyy-MM-dd query value; absent means today in Vietnam.</summary>
    public static bool TryParseQuery(string? text, TimeProvider time, out DateOnly date)
    {
        if (string.IsNullOrEmpty(text))
        {
            date = VietnamTime.Today(time);
            return true;
        }
        return DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }

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
            errors["knownAt"] = ["Must be a date, yyyy-MM-dd."];
        }
        return knownAt is { } d ? KnownBefore(d) : null;
    }
}
