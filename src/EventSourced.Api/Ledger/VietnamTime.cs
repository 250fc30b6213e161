namespace EventSourced.Api.Ledger;

public static class VietnamTime
{
    /// <summary>Vietnam has one time zone, UTC+7, with no daylight saving: business dates are dates there.</summary>
    public static readonly TimeSpan Offset = TimeSpan.FromHours(7);

    public static DateOnly DateOf(DateTimeOffset moment) => DateOnly.FromDateTime(moment.ToOffset(Offset).DateTime);

    public static DateOnly Today(TimeProvider time) => DateOf(time.GetUtcNow());
}
