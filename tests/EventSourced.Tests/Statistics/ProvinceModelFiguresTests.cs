using EventSourced.Api.Ledger;
using EventSourced.Api.Modules.Models;
using EventSourced.Api.Modules.Statistics;
using EventSourced.Api.Modules.Statistics.Measures;

namespace EventSourced.Tests.Statistics;

/// <summary>Rules 3, 4 and 9 as the statistics apply them: effective as of a date, coverage of distinct units, and
/// only what was known by a date — the model-state rows counted as the read model's query counts them.</summary>
public class ProvinceModelFiguresTests
{
    private static readonly DateOnly Review = new(2023, 7, 24);
    private static readonly DateOnly ProgramStart = new(2013, 1, 1);

    private static DateTimeOffset Recorded(int year, int month, int day) => new(year, month, day, 9, 0, 0, TimeSpan.FromHours(7));

    private static UnitSnapshot Ward(string code) => new(Guid.Parse($"00000000-0000-5000-8000-0000000{code}"), code, $"Phường {code}", "001", "Quận Ba Đình", "01", "Thành phố Hà Nội");

    private static ModelFacts Model(string type, string ward, DateOnly launch, params TimedAssessment[] assessments) => new()
    {
        Id = Guid.NewGuid(),
        Unit = Ward(ward),
        ModelType = type,
        Launch = new TimedFact(launch, Recorded(launch.Year, launch.Month, launch.Day)),
        Assessments = assessments,
    };

    private static TimedAssessment Rated(DateOnly on, AssessmentRating rating, DateTimeOffset? recordedAt = null) =>
        new(on, recordedAt ?? Recorded(on.Year, on.Month, on.Day), rating);

    /// <summary>As reported on the review day: launched since the program began, as of and as known on 2023-07-24.</summary>
    private static ModelCountsInWindow Compute(params ModelFacts[] models) => StateRows.Count(models, new ModelWindow(ProgramStart, Review), Review);

    private static ModelCountsInWindow KnowingEverything(params ModelFacts[] models) => StateRows.Count(models, new ModelWindow(ProgramStart, Review), knownAt: null);

    [Fact]
    public void Models_launched_before_the_program_are_not_counted_as_launched_in_it()
    {
        var counts = Compute(
            Model("security-cameras", "00004", new DateOnly(2012, 12, 31)),
            Model("security-cameras", "00004", new DateOnly(2013, 1, 1)));

        counts.Launched.ShouldBe(1);
    }

    [Fact]
    public void Models_launched_after_the_as_of_date_are_not_counted()
    {
        Compute(Model("security-cameras", "00004", new DateOnly(2023, 8, 1))).Launched.ShouldBe(0);
    }

    [Fact]
    public void A_model_once_effective_and_downgraded_before_the_review_is_not_effective()
    {
        var counts = Compute(Model("security-cameras", "00004", new DateOnly(2015, 3, 1),
            Rated(new DateOnly(2016, 1, 1), AssessmentRating.Effective), Rated(new DateOnly(2022, 1, 1), AssessmentRating.NotEffective)));

        counts.Effective.ShouldBe(0);
    }

    [Fact]
    public void A_downgrade_recorded_after_the_review_does_not_change_the_figures_as_reported_then()
    {
        // Dated 2023-07-20 but recorded in September: the report of 2023-07-24 could not know it.
        var model = Model("security-cameras", "00004", new DateOnly(2015, 3, 1),
            Rated(new DateOnly(2016, 1, 1), AssessmentRating.Effective),
            Rated(new DateOnly(2023, 7, 20), AssessmentRating.NotEffective, Recorded(2023, 9, 5)));

        Compute(model).Effective.ShouldBe(1);
        KnowingEverything(model).Effective.ShouldBe(0);
    }

    [Fact]
    public void A_model_recorded_after_the_review_is_not_in_the_figures_as_reported_then()
    {
        var lateReport = Model("security-cameras", "00004", new DateOnly(2020, 1, 1)) with
        {
            Launch = new TimedFact(new DateOnly(2020, 1, 1), Recorded(2023, 10, 1)),
        };

        Compute(lateReport).Launched.ShouldBe(0);
        KnowingEverything(lateReport).Launched.ShouldBe(1);
    }

    [Fact]
    public void A_discontinued_model_is_neither_effective_nor_covering()
    {
        var model = Model("security-order-self-management", "00004", new DateOnly(2015, 3, 1), Rated(new DateOnly(2016, 1, 1), AssessmentRating.Effective)) with
        {
            Discontinuation = new TimedFact(new DateOnly(2021, 5, 1), Recorded(2021, 5, 2)),
        };

        var counts = Compute(model);

        counts.Launched.ShouldBe(1);
        counts.Effective.ShouldBe(0);
        counts.CoverageOf("security-order-self-management").ShouldBe(0);
    }

    [Fact]
    public void Coverage_counts_distinct_units_with_a_live_instance()
    {
        var counts = Compute(
            Model("security-order-self-management", "00004", new DateOnly(2014, 1, 1)),
            Model("security-order-self-management", "00004", new DateOnly(2016, 1, 1)),
            Model("security-order-self-management", "00007", new DateOnly(2018, 1, 1)),
            Model("security-cameras", "00004", new DateOnly(2019, 1, 1)));

        counts.CoverageOf("security-order-self-management").ShouldBe(2);
        counts.CoverageOf("security-cameras").ShouldBe(1);
    }

    [Fact]
    public void Coverage_includes_live_instances_launched_before_the_program()
    {
        var counts = Compute(Model("security-cameras", "00004", new DateOnly(2010, 1, 1)));

        counts.Launched.ShouldBe(0);
        counts.CoverageOf("security-cameras").ShouldBe(1);
        GetProvinceModelFiguresEndpoint.ByType(counts).ShouldBe([new ModelTypeFigures("security-cameras", Figure.Of(0), Figure.Of(0), Figure.Of(1))]);
    }
}
