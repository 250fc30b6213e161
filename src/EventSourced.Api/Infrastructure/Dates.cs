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
}
