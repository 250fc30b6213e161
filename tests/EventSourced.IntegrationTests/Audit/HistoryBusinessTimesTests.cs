using System.Text.Json;
using EventSourced.Api.Modules.Audit;

namespace EventSourced.IntegrationTests.Audit;

/// <summary>
/// Issue 13, item 3: the history's business times are a list of stored names; these tests hold it to the event types
/// the running store registers, so an event type added without its business time fails here, not in an auditor's hands.
/// </summary>
public class HistoryBusinessTimesTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static readonly Type[] DateTypes = [typeof(DateOnly), typeof(DateTimeOffset), typeof(DateTime)];

    private Dictionary<string, Type> Registered() => api.Store.Options.Events.AllKnownEventTypes()
        .Where(e => e.EventType.Assembly == typeof(HistoryEntry).Assembly)
        .ToDictionary(e => e.EventTypeName, e => e.EventType);

    /// <summary>Marten stores events in camelCase (EventStore.cs).</summary>
    private static bool StatesADate(Type type, string member) => type.GetProperties().Any(p =>
        JsonNamingPolicy.CamelCase.ConvertName(p.Name) == member && DateTypes.Contains(Nullable.GetUnderlyingType(p.PropertyType) ?? p.PropertyType));

    [Fact]
    public void Every_listed_business_time_is_a_date_member_of_a_registered_event_type()
    {
        // Given
        var registered = Registered();

        // When
        var unmatched = HistoryEntry.BusinessTimes
            .Where(b => !registered.TryGetValue(b.Key, out var type) || !StatesADate(type, b.Value))
            .Select(b => $"{b.Key}.{b.Value}")
            .ToList();

        // Then
        unmatched.ShouldBeEmpty();
    }

    [Fact]
    public void Every_registered_event_type_is_listed_with_its_business_time_or_as_stating_none()
    {
        // Given
        var registered = Registered();

        // When
        var listed = HistoryEntry.BusinessTimes.Keys.Concat(GetUnitHistoryEndpoint.OtherTypes).ToList();

        // Then
        listed.ShouldBeUnique();
        registered.Keys.Except(listed).ShouldBeEmpty("registered, but neither given a business time nor listed as stating none");
        listed.Except(registered.Keys).ShouldBeEmpty("listed, but not a registered event type");
    }
}
