using EventSourced.Api.Ledger;
using EventSourced.Api.Modules.Reference;
using EventSourced.Api.Modules.Statistics;
using EventSourced.Api.Modules.Statistics.Measures;

namespace EventSourced.Tests.Statistics;

public class ProvinceStatisticsTests
{
    private static readonly DateTimeOffset Early = new(2010, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    private static ModelFacts Model(string type, Organisation lead, ModelKind kind, string ward, DateOnly launch, DateOnly? discontinued = null) => new()
    {
        Id = Guid.NewGuid(),
        ModelType = type,
        LeadOrganisation = lead,
        Kind = kind,
        Unit = new UnitSnapshot(Guid.Parse($"00000000-0000-5000-8000-0000000{ward}"), ward, ward, "773", "Quận 4", "79", "Thành phố Hồ Chí Minh"),
        Launch = new TimedFact(launch, Early),
        Discontinuation = discontinued is { } d ? new TimedFact(d, Early) : null,
    };

    [Fact]
    public void Models_are_counted_by_kind_type_and_lead_organisation_on_the_date()
    {
        var models = new[]
        {
            Model("apartment-self-management-team", Organisation.Police, ModelKind.Model, "27259", D(2020, 1, 1)),
            Model("security-cameras", Organisation.FatherlandFront, ModelKind.GoodPractice, "27262", D(2021, 1, 1)),
            Model("security-cameras", Organisation.Police, ModelKind.Model, "27262", D(2022, 1, 1), discontinued: D(2023, 1, 1)),
            Model("security-cameras", Organisation.Police, ModelKind.Model, "27265", D(2024, 1, 1)),
        };

        var counts = GetProvinceStatisticsEndpoint.Models(StateRows.Count(models, new ModelWindow(null, D(2023, 7, 24)), knownAt: null));

        counts.Launched.Exact.ShouldBe(3);
        counts.Discontinued.Exact.ShouldBe(1);
        counts.ByKind.ShouldBe(new Dictionary<string, Figure> { ["GOOD_PRACTICE"] = Figure.Of(1), ["MODEL"] = Figure.Of(2) }, ignoreOrder: true);
        counts.ByType["security-cameras"].Exact.ShouldBe(2);
        counts.ByLeadOrganisation["POLICE"].Exact.ShouldBe(2);
        counts.CoverageByType["security-cameras"].Exact.ShouldBe(1, "the discontinued instance no longer covers its ward");
    }

    [Fact]
    public void The_monthly_breakdown_has_one_window_per_calendar_month_cut_to_the_range_and_counted_as_of_its_last_day()
    {
        var months = GetProvinceStatisticsEndpoint.Months(D(2023, 4, 15), D(2023, 6, 10));

        months.Select(m => m.Month).ShouldBe(["2023-04", "2023-05", "2023-06"]);
        months.Select(m => m.Window).ShouldBe([
            new ActivityWindow(D(2023, 4, 15), D(2023, 4, 30), D(2023, 6, 10)),
            new ActivityWindow(D(2023, 5, 1), D(2023, 5, 31), D(2023, 6, 10)),
            new ActivityWindow(D(2023, 6, 1), D(2023, 6, 10), D(2023, 6, 10)),
        ]);
    }
}
