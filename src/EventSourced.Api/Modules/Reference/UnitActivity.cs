using EventSourced.Api.Modules.Units;

namespace EventSourced.Api.Modules.Reference;

/// <summary>
/// An event that happened in an administrative unit on a business date. Every activity names its unit so a ward's
/// history and the per-province figures can be read across streams.
/// </summary>
public interface IUnitActivity
{
    /// <summary>The unit version in force when it happened, with its district and province then.</summary>
    UnitSnapshot Unit { get; }

    /// <summary>Business date: when it happened, as opposed to when the ledger learned it.</summary>
    DateOnly OccurredOn { get; }
}

public static class VietnamTime
{
    /// <summary>Vietnam has one time zone, UTC+7, with no daylight saving: business dates are dates there.</summary>
    public static readonly TimeSpan Offset = TimeSpan.FromHours(7);

    public static DateOnly DateOf(DateTimeOffset moment) => DateOnly.FromDateTime(moment.ToOffset(Offset).DateTime);

    public static DateOnly Today(TimeProvider time) => DateOf(time.GetUtcNow());
}
