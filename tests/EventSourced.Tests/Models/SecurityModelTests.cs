using EventSourced.Api.Modules.Models;

namespace EventSourced.Tests.Models;

public class SecurityModelTests
{
    [Fact]
    public void Totals_are_the_sums_over_recorded_shifts()
    {
        // Given
        var shifts = new[]
        {
            Given.Patrol(participants: 7, inspections: 2, cases: 1, sanctions: new SanctionCounts(1, 0, 0)),
            Given.Patrol(participants: 5, inspections: 0, cases: 0, sanctions: new SanctionCounts(0, 2, 1)),
            Given.Patrol(participants: 12, inspections: 3, cases: 2),
        };

        // When
        var model = Given.Model(shifts);

        // Then
        model.Totals.ShouldBe(new ActivityTotals(3, 24, 5, new SanctionCounts(1, 2, 1), 3));
        model.Totals.Sanctions.Total.ShouldBe(4);
    }

    [Fact]
    public void A_registered_model_is_active_with_zero_totals()
    {
        var model = SecurityModel.Create(Given.Registered());

        model.Status.ShouldBe(ModelStatus.Active);
        model.Totals.ShouldBe(ActivityTotals.Zero);
        model.DiscontinuedOn.ShouldBeNull();
    }

    [Fact]
    public void Discontinuing_records_the_status_and_the_date()
    {
        var model = Given.Model(Given.Discontinued(new DateOnly(2025, 7, 1)));

        model.Status.ShouldBe(ModelStatus.Discontinued);
        model.DiscontinuedOn.ShouldBe(new DateOnly(2025, 7, 1));
    }

    [Theory]
    [InlineData("2023-03-31", false)]
    [InlineData("2023-04-01", true)]
    [InlineData("2025-06-30", true)]
    [InlineData("2025-07-01", false)]
    public void A_model_operates_from_its_launch_until_the_day_before_its_discontinuation(string date, bool operating)
    {
        var model = Given.Model(Given.Discontinued(new DateOnly(2025, 7, 1)));

        model.IsOperatingOn(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(operating);
    }
}
