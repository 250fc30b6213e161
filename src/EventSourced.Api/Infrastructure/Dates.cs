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

    /// <summary>
    /// Rule 9's "known at a date": facts recorded before the end of that day in Vietnam. Null when no date is given
    /// (everything recorded counts); <paramref name="knownAt"/> is null as well when the text is not a date.
    /// </summary>
    public static DateTimeOffset? KnownBefore(string? text, TimeProvider time, out DateOnly? knownAt)
    {
        knownAt = text is not null && TryParseQuery(text, time, out var day) ? day : null;
        return knownAt is { } d ? new DateTimeOffset(d.AddDays(1).ToDateTime(TimeOnly.MinValue), VietnamTime.Offset) : null;
    }
}
