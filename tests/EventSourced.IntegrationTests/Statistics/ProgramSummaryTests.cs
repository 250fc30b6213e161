using EventSourced.Api.Modules.Commendations;
using EventSourced.Api.Modules.Models;
using EventSourced.Api.Modules.Statistics;

namespace EventSourced.IntegrationTests.Statistics;

public class ProgramSummaryTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task Program_478_is_summarised_per_year_and_for_its_whole_period_in_Ho_Chi_Minh_City()
    {
        // Given
        var origin = await _client.RegisteredModel(unit: "27259", launch: new DateOnly(2015, 3, 1));
        var replica = await _client.PostJson("/api/v1/models", RegisterModel.Example with
        {
            UnitCode = "27262",
            LaunchDate = new DateOnly(2016, 4, 1),
            ReplicatedFrom = origin,
        });
        replica.EnsureSuccessStatusCode();
        await _client.RecordedPatrol(origin, participants: 9, on: new DateOnly(2016, 5, 6));
        await _client.PostJson("/api/v1/commendations", GrantCommendation.Example with { DecisionDate = new DateOnly(2016, 8, 15) });
        await _client.RegisteredModel(province: "01", unit: "00004", launch: new DateOnly(2016, 1, 1));

        // When
        await api.WaitForProjections();
        var summary = await (await _client.GetAsync("/api/v1/programs/hcmc-478-2013/summary?province=79&asOf=2023-12-31")).Read<ProgramSummary>();

        // Then
        summary.Years.Select(y => y.Period).ShouldBe(Enumerable.Range(2013, 11).Select(y => y.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var year2016 = summary.Years.Single(y => y.Period == "2016");
        (year2016.ModelsLaunched.Exact, year2016.ModelsReplicated.Exact).ShouldBe((1L, 1L));
        year2016.Activity.Shifts.Exact.ShouldBe(1);
        year2016.Activity.Participations.Exact.ShouldBe(9);
        year2016.CommendationsByForm["CERTIFICATE_OF_MERIT"].Exact.ShouldBe(1);
        summary.WholePeriod.Period.ShouldBe("2013–2023");
        summary.WholePeriod.ModelsLaunched.Exact.ShouldBe(2, "Hà Nội's model is not Ho Chi Minh City's");
        summary.WholePeriod.CoverageByType["apartment-self-management-team"].Exact.ShouldBe(2);
        summary.Freshness.ShouldAllBe(f => f.IsCurrent);
    }

    [Fact]
    public async Task A_summary_as_of_a_date_before_the_program_answers_400_on_asOf()
    {
        (await (await _client.GetAsync("/api/v1/programs/hcmc-478-2013/summary?province=79&asOf=2012-12-31")).ShouldBeProblem(400)).Fields().ShouldBe(["asOf"]);
    }

    [Fact]
    public async Task A_summary_without_a_province_answers_400_on_province()
    {
        (await (await _client.GetAsync("/api/v1/programs/national-09-2013/summary")).ShouldBeProblem(400)).Fields().ShouldBe(["province"]);
    }

    [Fact]
    public async Task An_unknown_program_answers_404()
    {
        await (await _client.GetAsync("/api/v1/programs/09/summary?province=01")).ShouldBeProblem(404);
    }
}
