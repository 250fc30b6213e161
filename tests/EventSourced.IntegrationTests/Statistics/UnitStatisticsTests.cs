using EventSourced.Api.Infrastructure;
using EventSourced.Api.Modules.Models;
using EventSourced.Api.Modules.Statistics;

namespace EventSourced.IntegrationTests.Statistics;

public class UnitStatisticsTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    private async Task<ActivityFigures> Figures(string code, string query) =>
        (await (await _client.GetAsync($"/api/v1/units/{code}/statistics?{query}")).Read<UnitStatistics>()).Figures;

    [Fact]
    public async Task District_4s_apartment_teams_are_counted_over_the_window_with_the_district_as_it_stood_then()
    {
        // Given: two apartment teams in Quận 4 wards, a camera model in the same district, and a team in Hà Nội.
        var ward13 = await _client.RegisteredModel(unit: "27259", launch: new DateOnly(2023, 4, 1));
        var ward9 = await _client.RegisteredModel(unit: "27262", launch: new DateOnly(2023, 4, 10));
        var cameras = await _client.RegisteredModel(unit: "27262", type: "security-cameras", launch: new DateOnly(2022, 1, 1));
        var hanoi = await _client.RegisteredModel(province: "01", unit: "00004", launch: new DateOnly(2023, 1, 1));
        await _client.RecordedPatrol(ward13, participants: 7, on: new DateOnly(2023, 5, 6));
        await _client.RecordedPatrol(ward13, participants: 8, on: new DateOnly(2023, 12, 25));
        await _client.RecordedPatrol(ward9, participants: 6, on: new DateOnly(2023, 6, 1));
        await _client.RecordedPatrol(ward9, participants: 9, on: new DateOnly(2023, 12, 26));   // after the window
        await _client.RecordedPatrol(cameras, participants: 4, on: new DateOnly(2023, 6, 1));  // another type
        await _client.RecordedPatrol(hanoi, participants: 5, on: new DateOnly(2023, 6, 1));    // another district
        await _client.RecordedPatrol(ward13, participants: 5, on: new DateOnly(2025, 8, 2));   // Xóm Chiếu, no district
        var caseId = (await (await _client.PostJson($"/api/v1/models/{ward9}/cases", RecordDetectedCase.Example)).Read<Recorded>()).Id;
        await _client.PostJson($"/api/v1/models/{ward9}/cases/{caseId}/prosecution", RecordProsecution.Example);
        await _client.PostJson($"/api/v1/models/{ward13}/sanctions", RecordSanctions.Example);

        // When
        await api.WaitForProjections();
        var district = await Figures("773", "from=2023-04-01&to=2023-12-25&type=apartment-self-management-team");

        // Then
        district.Shifts.Exact.ShouldBe(3);
        district.Participations.Exact.ShouldBe(21);
        district.Inspections.Exact.ShouldBe(6);
        district.Sanctions.Exact.ShouldBe(6, "one per shift from the example shift, three recorded apart");
        district.CasesProsecuted.Exact.ShouldBe(1);
        (await Figures("773", "from=2023-04-01&to=2023-12-25")).Shifts.Exact.ShouldBe(4, "with the camera model");
        (await Figures("27259", "from=2023-04-01&to=2023-12-25")).Shifts.Exact.ShouldBe(2);
        (await Figures("773", "from=2025-07-01&to=2025-12-31")).Shifts.Exact.ShouldBe(0, "no district after the reform");
        (await Figures("79", "from=2025-07-01&to=2025-12-31")).Shifts.Exact.ShouldBe(1);
    }

    [Fact]
    public async Task Restated_onto_todays_ward_activity_of_wards_it_took_whole_counts_and_of_a_ward_split_among_several_is_ambiguous()
    {
        // Given: 2023 shifts in Phường 13 (whole into Xóm Chiếu), Phường 15 (split: part into Xóm Chiếu) and Phường 09 (into Khánh Hội).
        var ward13 = await _client.RegisteredModel(unit: "27259", launch: new DateOnly(2023, 1, 10));
        var ward15 = await _client.RegisteredModel(unit: "27295", launch: new DateOnly(2023, 1, 10));
        var ward9 = await _client.RegisteredModel(unit: "27262", launch: new DateOnly(2023, 1, 10));
        await _client.RecordedPatrol(ward13, participants: 7, on: new DateOnly(2023, 3, 1));
        await _client.RecordedPatrol(ward13, participants: 5, on: new DateOnly(2023, 3, 2));
        await _client.RecordedPatrol(ward15, participants: 9, on: new DateOnly(2023, 3, 1));
        await _client.RecordedPatrol(ward9, participants: 4, on: new DateOnly(2023, 3, 1));

        // When
        await api.WaitForProjections();
        var restated = await (await _client.GetAsync("/api/v1/units/27259/statistics?from=2023-03-01&to=2023-03-31&restate=current")).Read<UnitStatistics>();

        // Then
        restated.Restatement!.Onto.Name.ShouldBe("Phường Xóm Chiếu");
        restated.Figures.Shifts.Exact.ShouldBe(2);
        restated.Figures.Participations.Exact.ShouldBe(12);
        restated.Restatement.Ambiguous.Shifts.Exact.ShouldBe(1);
        restated.Restatement.Ambiguous.Participations.Exact.ShouldBe(9);
        restated.Restatement.WhollyFrom.ShouldContain(n => n.StartsWith("Phường 13 (27259", StringComparison.Ordinal));
        restated.Restatement.PartlyFrom.ShouldContain(n => n.StartsWith("Phường 15 (27295", StringComparison.Ordinal));
        restated.Restatement.WhollyFrom.Concat(restated.Restatement.PartlyFrom).ShouldNotContain(n => n.Contains("27262", StringComparison.Ordinal));
        (await Figures("27259", "from=2023-03-01&to=2023-03-31")).Shifts.Exact.ShouldBe(2, "as recorded: Phường 13 bore the code then");
    }

    [Theory]
    [InlineData("773", "to=2023-12-25", "from")]
    [InlineData("773", "from=2023-12-25&to=2023-04-01", "to")]
    [InlineData("7730", "from=2023-04-01", "code")]
    [InlineData("773", "from=2023-04-01&type=karaoke", "type")]
    [InlineData("27259", "from=2023-04-01&restate=yesterday", "restate")]
    public async Task A_bad_query_answers_400_naming_it(string code, string query, string field)
    {
        (await (await _client.GetAsync($"/api/v1/units/{code}/statistics?{query}")).ShouldBeProblem(400)).Fields().ShouldBe([field]);
    }
}
