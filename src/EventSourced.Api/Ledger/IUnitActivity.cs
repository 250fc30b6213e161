namespace EventSourced.Api.Ledger;

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
