using EventSourced.Api.Infrastructure;
using EventSourced.Api.Ledger;
using EventSourced.Api.Modules.Models;
using EventSourced.Api.Modules.Statistics;
using Marten;

namespace EventSourced.IntegrationTests.Statistics;

public class ProvinceModelFiguresTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    private async Task<ProvinceModelFigures> Figures(string query) =>
        await (await _client.GetAsync($"/api/v1/provinces/01/model-figures?{query}")).Read<ProvinceModelFigures>();

    [Fact]
    public async Task The_figures_count_launches_in_the_window_effective_models_and_covered_units_as_of_the_date()
    {
        // Given: four Hà Nội models; one launched before the program, one downgraded before the review, one discontinued.
        var before2013 = await _client.RegisteredModel(province: "01", unit: "00001", type: "security-cameras", launch: new DateOnly(2012, 5, 1));
        var effective = await _client.RegisteredModel(province: "01", unit: "00004", type: "security-order-self-management", launch: new DateOnly(2015, 3, 1));
        var downgraded = await _client.RegisteredModel(province: "01", unit: "00006", type: "security-order-self-management", launch: new DateOnly(2016, 3, 1));
        var discontinued = await _client.RegisteredModel(province: "01", unit: "00007", type: "security-cameras", launch: new DateOnly(2017, 3, 1));
        foreach (var id in new[] { before2013, effective, downgraded, discontinued })
        {
            await _client.PostJson($"/api/v1/models/{id}/assessments", AssessModel.Example with { AssessedOn = new DateOnly(2018, 1, 1) });
        }
        await _client.PostJson($"/api/v1/models/{downgraded}/assessments",
            AssessModel.Example with { AssessedOn = new DateOnly(2022, 6, 1), Rating = AssessmentRating.NotEffective });
        await _client.Discontinue(discontinued, new DiscontinueModel(new DateOnly(2021, 1, 1), "Giải thể"));

        // When
        await api.WaitForProjections();
        var figures = await Figures("from=2013-01-01&asOf=2023-07-24");

        // Then
        figures.Launched.ShouldBe(new Figure(3, "3"));
        figures.Effective.Exact.ShouldBe(1);
        figures.ByType.Single(t => t.ModelType == "security-order-self-management").Coverage.Exact.ShouldBe(2);
        figures.ByType.Single(t => t.ModelType == "security-cameras").Coverage.Exact.ShouldBe(1, "the 2012 model is live; the discontinued one is not");
        figures.ByType.Single(t => t.ModelType == "security-cameras").Effective.Exact.ShouldBe(0);
        figures.Freshness.IsCurrent.ShouldBeTrue();

        // Before the downgrade, two were effective.
        (await Figures("from=2013-01-01&asOf=2022-05-31")).Effective.Exact.ShouldBe(2);
        // As known yesterday, nothing had been recorded yet.
        var yesterday = VietnamTime.Today(TimeProvider.System).AddDays(-1);
        (await Figures($"from=2013-01-01&asOf=2023-07-24&knownAt={yesterday:yyyy-MM-dd}")).Launched.Exact.ShouldBe(0);
        var today = VietnamTime.Today(TimeProvider.System);
        (await Figures($"from=2013-01-01&asOf=2023-07-24&knownAt={today:yyyy-MM-dd}")).Launched.Exact.ShouldBe(3);
    }

    [Fact]
    public async Task An_import_that_states_when_a_fact_was_reported_is_known_from_then_while_the_ledger_keeps_its_own_recording_time()
    {
        // Given: a 2016 model of Hải Phòng imported from the 2023 review spreadsheet, reported on 2023-07-01.
        await using (var session = api.Store.LightweightSession())
        {
            Reporting.ReportedAt(session, new DateTimeOffset(2023, 7, 1, 9, 0, 0, VietnamTime.Offset));
            var result = await RegisterModelEndpoint.Post(
                RegisterModel.Example with { ProvinceCode = "31", UnitCode = "11299", LaunchDate = new DateOnly(2016, 5, 1), ProgramId = null },
                session, CancellationToken.None);
            result.ShouldBeAssignableTo<Microsoft.AspNetCore.Http.HttpResults.Created<Recorded>>();
            await session.SaveChangesAsync();
        }

        // When
        await api.WaitForProjections();
        async Task<long> LaunchedKnownAt(string day) =>
            (await (await _client.GetAsync($"/api/v1/provinces/31/model-figures?asOf=2023-07-24&knownAt={day}")).Read<ProvinceModelFigures>()).Launched.Exact;

        // Then
        (await LaunchedKnownAt("2023-06-30")).ShouldBe(0);
        (await LaunchedKnownAt("2023-07-01")).ShouldBe(1);
        await using var query = api.Store.QuerySession();
        var stored = await query.Events.QueryAllRawEvents().Where(e => e.EventTypeName == "model_registered").ToListAsync();
        stored.Single(e => ((ModelRegistered)e.Data).Unit.Code == "11299").Timestamp.ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMinutes(-5));
    }

    [Theory]
    [InlineData("asOf=24-07-2023", "asOf")]
    [InlineData("knownAt=yesterday", "knownAt")]
    [InlineData("from=2013", "from")]
    public async Task A_malformed_date_answers_400_naming_it(string query, string field)
    {
        (await (await _client.GetAsync($"/api/v1/provinces/01/model-figures?{query}")).ShouldBeProblem(400)).Fields().ShouldBe([field]);
    }
}
