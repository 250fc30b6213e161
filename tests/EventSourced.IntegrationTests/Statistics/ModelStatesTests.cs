using EventSourced.Api.Ledger;
using EventSourced.Api.Modules.Models;
using EventSourced.Api.Modules.Statistics;

namespace EventSourced.IntegrationTests.Statistics;

/// <summary>The model-state read model through the figures: effectiveness that rises and falls, a discontinuation, two
/// instances in one ward (coverage counts the ward once) and a model launched before the program, over every year of a
/// program at once.</summary>
public class ModelStatesTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string Team = "apartment-self-management-team";
    private const string Cameras = "security-cameras";
    private readonly HttpClient _client = api.CreateClient();

    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    private async Task Assessed(Guid model, DateOnly on, AssessmentRating rating) =>
        (await _client.PostJson($"/api/v1/models/{model}/assessments", AssessModel.Example with { AssessedOn = on, Rating = rating })).EnsureSuccessStatusCode();

    /// <summary>Four models of a province in two wards (each test its own province: the tests of a class share a schema).</summary>
    private async Task History(string province, string ward, string otherWard)
    {
        var first = await _client.RegisteredModel(province, ward, Team, launch: D(2014, 3, 1));
        await Assessed(first, D(2015, 6, 1), AssessmentRating.Effective);
        (await _client.Discontinue(first, DiscontinueModel.Example with { DiscontinuedOn = D(2019, 1, 1) })).EnsureSuccessStatusCode();
        await _client.RegisteredModel(province, ward, Team, launch: D(2016, 1, 1));
        var third = await _client.RegisteredModel(province, otherWard, Team, launch: D(2018, 5, 1));
        await Assessed(third, D(2018, 6, 1), AssessmentRating.Effective);
        await Assessed(third, D(2021, 1, 1), AssessmentRating.NotEffective);
        await _client.RegisteredModel(province, otherWard, Cameras, launch: D(2012, 1, 1));
        await api.WaitForProjections();
    }

    [Fact]
    public async Task A_program_summary_counts_each_year_from_the_state_rows()
    {
        // Given
        await History("79", "27259", "27262");

        // When
        var summary = await (await _client.GetAsync("/api/v1/programs/hcmc-478-2013/summary?province=79&asOf=2023-12-31")).Read<ProgramSummary>();

        // Then: (launched, effective since the program began, coverage of the team model, of cameras) per year.
        ProgramPeriodFigures Year(int year) => summary.Years.Single(y => y.Period == $"{year}");
        static (long, long, long, long) Figures(ProgramPeriodFigures p) => (p.ModelsLaunched.Exact, p.ModelsEffective.Exact,
            p.CoverageByType.GetValueOrDefault(Team)?.Exact ?? -1, p.CoverageByType.GetValueOrDefault(Cameras)?.Exact ?? -1);
        Figures(Year(2013)).ShouldBe((0, 0, -1, 1), "only the cameras, launched before the program, are live");
        Figures(Year(2014)).ShouldBe((1, 0, 1, 1));
        Figures(Year(2015)).ShouldBe((0, 1, 1, 1));
        Figures(Year(2016)).ShouldBe((1, 1, 1, 1), "two instances in one ward cover it once");
        Figures(Year(2018)).ShouldBe((1, 2, 2, 1));
        Figures(Year(2019)).ShouldBe((0, 1, 2, 1), "the first was discontinued on 2019-01-01");
        Figures(Year(2021)).ShouldBe((0, 0, 2, 1), "the third was downgraded");
        Figures(summary.WholePeriod).ShouldBe((3, 0, 2, 1));
        summary.WholePeriod.ModelsReplicated.Exact.ShouldBe(0);
    }

    [Fact]
    public async Task Model_figures_and_province_statistics_read_one_point_of_both_clocks()
    {
        // Given
        await History("01", "00004", "00007");

        // When
        var figures = await (await _client.GetAsync("/api/v1/provinces/01/model-figures?from=2013-01-01&asOf=2019-06-30")).Read<ProvinceModelFigures>();
        var asKnownIn2020 = await (await _client.GetAsync("/api/v1/provinces/01/model-figures?from=2013-01-01&asOf=2019-06-30&knownAt=2020-01-01"))
            .Read<ProvinceModelFigures>();
        var statistics = await (await _client.GetAsync("/api/v1/provinces/01/statistics?asOf=2019-06-30")).Read<ProvinceStatistics>();

        // Then
        (figures.Launched.Exact, figures.Effective.Exact).ShouldBe((3L, 1L));
        figures.ByType.ShouldBe([
            new ModelTypeFigures(Team, Figure.Of(3), Figure.Of(1), Figure.Of(2)),
            new ModelTypeFigures(Cameras, Figure.Of(0), Figure.Of(0), Figure.Of(1)),
        ], ignoreOrder: true);
        asKnownIn2020.Launched.Exact.ShouldBe(0, "everything was recorded later, in the tests' present");
        (statistics.Models.Launched.Exact, statistics.Models.Discontinued.Exact, statistics.Models.Effective.Exact).ShouldBe((4L, 1L, 1L));
        statistics.Models.CoverageByType.ToDictionary(c => c.Key, c => c.Value.Exact).ShouldBe(new Dictionary<string, long> { [Team] = 2, [Cameras] = 1 });
    }
}
