using System.Net;
using EventSourced.Api.Infrastructure;
using EventSourced.Api.Modules.Commendations;
using EventSourced.Api.Modules.Models;
using EventSourced.Api.Modules.Units;

namespace EventSourced.IntegrationTests.Units;

public class UnitsTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    private async Task<UnitView> Resolve(string code, string at) =>
        await (await _client.GetAsync($"/api/v1/units/{code}?at={at}")).Read<UnitView>();

    [Fact]
    public async Task A_code_resolves_to_the_unit_that_bore_it_on_the_date()
    {
        var ward13 = await Resolve("27259", "2023-06-01");
        var xomChieu = await Resolve("27259", "2025-08-01");

        ward13.Unit.Name.ShouldBe("Phường 13");
        ward13.Hierarchy.ShouldBe(ward13.Hierarchy with { DistrictCode = "773", DistrictName = "Quận 4", ProvinceCode = "79" });
        xomChieu.Unit.Name.ShouldBe("Phường Xóm Chiếu");
        xomChieu.Hierarchy.DistrictCode.ShouldBeNull("the district level was abolished on 2025-07-01");
        xomChieu.Hierarchy.ProvinceName.ShouldBe("Thành phố Hồ Chí Minh");
        xomChieu.Unit.Id.ShouldNotBe(ward13.Unit.Id);
    }

    [Fact]
    public async Task A_ward_merged_away_in_2021_resolves_before_and_not_after()
    {
        (await Resolve("27256", "2020-06-01")).Unit.Name.ShouldBe("Phường 12");

        await (await _client.GetAsync("/api/v1/units/27256?at=2023-06-01")).ShouldBeProblem(404);
    }

    [Fact]
    public async Task The_lineage_of_Xom_Chieu_reaches_back_through_both_reforms()
    {
        var lineage = await (await _client.GetAsync("/api/v1/units/27259/lineage?at=2025-08-01")).Read<UnitLineage>();

        var nearest = lineage.Predecessors.Where(p => p.Distance == 1).Select(p => (p.Unit.Name, p.Via)).ToList();
        nearest.ShouldBe([("Phường 13", TransferKind.Whole), ("Phường 16", TransferKind.Whole), ("Phường 18", TransferKind.Whole), ("Phường 15", TransferKind.Part)],
            ignoreOrder: true);
        lineage.Predecessors.Where(p => p.Distance == 2).Select(p => p.Unit.Name).ShouldContain("Phường 12");
        lineage.Successors.ShouldBeEmpty();
    }

    [Fact]
    public async Task Registering_the_same_unit_again_answers_200_with_its_id_and_appends_nothing()
    {
        var before = await api.EventCount();

        var response = await _client.PostJson("/api/v1/units",
            new RegisterUnit("27259", "Phường 13", UnitLevel.Ward, "773", new DateOnly(2008, 8, 1), null));

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Read<Recorded>()).Id.ShouldBe(UnitIds.ForVersion("27259", new DateOnly(2008, 8, 1)));
        (await api.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task Registering_another_unit_under_a_code_in_force_answers_409()
    {
        var response = await _client.PostJson("/api/v1/units",
            new RegisterUnit("27259", "Phường Mới", UnitLevel.Ward, "773", new DateOnly(2023, 1, 1), null));

        await response.ShouldBeProblem(409);
    }

    [Fact]
    public async Task Recording_the_same_reform_again_answers_200_and_appends_nothing()
    {
        var reform = (await ApiFactory.ReferenceUnits()).Reforms[^1];
        var before = await api.EventCount();

        var response = await _client.PostJson("/api/v1/reforms", reform);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await api.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task A_reform_that_would_leave_wards_under_a_retired_province_answers_422_and_appends_nothing()
    {
        var before = await api.EventCount();
        var reform = new RecordReform("Nghị quyết thử nghiệm", new DateOnly(2030, 1, 1), ["01"],
            [new NewUnit("01", "Thành phố Hà Nội", UnitLevel.Province, null)], [new Transfer("01", "01", TransferKind.Whole)]);

        var response = await _client.PostJson("/api/v1/reforms", reform);

        var problem = await response.ShouldBeProblem(422);
        problem.GetProperty("detail").GetString()!.ShouldContain("00004");
        (await api.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task A_model_registered_in_2023_records_a_2025_patrol_in_the_ward_that_took_its_whole_territory()
    {
        // Given
        var modelId = await _client.RegisteredModel(unit: "27259", launch: new DateOnly(2023, 4, 1));

        // When
        await _client.RecordedPatrol(modelId, on: new DateOnly(2025, 8, 2));

        // Then
        await using var session = api.Store.QuerySession();
        var patrol = (await session.Events.FetchStreamAsync(modelId)).Select(e => e.Data).OfType<PatrolRecorded>().Single();
        patrol.Unit.Name.ShouldBe("Phường Xóm Chiếu");
        patrol.Unit.DistrictCode.ShouldBeNull();
        var model = await (await _client.GetAsync($"/api/v1/models/{modelId}")).Read<SecurityModel>();
        model.Unit.Name.ShouldBe("Phường 13");
        model.Unit.DistrictName.ShouldBe("Quận 4");
    }

    [Fact]
    public async Task A_patrol_after_the_models_ward_was_split_answers_422_and_appends_nothing()
    {
        var modelId = await _client.RegisteredModel(unit: "27295", launch: new DateOnly(2025, 2, 1));
        var before = await api.EventCount();

        var response = await _client.PostJson($"/api/v1/models/{modelId}/patrols", RecordPatrol.Example with
        {
            ShiftStart = new DateTimeOffset(2025, 8, 2, 19, 0, 0, TimeSpan.FromHours(7)),
            ShiftEnd = new DateTimeOffset(2025, 8, 2, 22, 0, 0, TimeSpan.FromHours(7)),
        });

        (await response.ShouldBeProblem(422)).GetProperty("detail").GetString()!.ShouldContain("split");
        (await api.EventCount()).ShouldBe(before);
    }

    [Theory]
    [InlineData("79", "27256", "2023-04-01", "merged away in 2021")]
    [InlineData("79", "00004", "2023-04-01", "a Hà Nội ward")]
    [InlineData("79", "27259", "2008-01-01", "before the ward's first recorded version")]
    public async Task A_model_in_a_unit_the_province_did_not_have_on_its_launch_date_answers_422_on_unitCode(
        string province, string unit, string launch, string why)
    {
        var before = await api.EventCount();

        var response = await _client.PostJson("/api/v1/models", RegisterModel.Example with
        {
            ProvinceCode = province,
            UnitCode = unit,
            LaunchDate = DateOnly.Parse(launch, System.Globalization.CultureInfo.InvariantCulture),
        });

        (await response.ShouldBeProblem(422)).GetProperty("field").GetString().ShouldBe("unitCode", why);
        (await api.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task A_commendation_to_a_unit_of_another_province_answers_422_on_recipient_unitCode()
    {
        var response = await _client.PostJson("/api/v1/commendations", GrantCommendation.Example with { ProvinceCode = "01" });

        (await response.ShouldBeProblem(422)).GetProperty("field").GetString().ShouldBe("recipient.unitCode");
    }
}

/// <summary>The reference units as they stood before any reform was recorded.</summary>
public sealed class BaselineUnitsApi : ApiFactory
{
    protected override async Task<Api.Modules.Seeds.UnitsSeedFile> ReferenceUnitsToLoad() => (await ReferenceUnits()) with { Reforms = [] };
}

public class RecordingTheReformLaterTests(BaselineUnitsApi api) : IClassFixture<BaselineUnitsApi>
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task Quan_4s_2023_records_are_unchanged_after_the_2025_reform_is_recorded()
    {
        // Given: a model of Phường 09, Quận 4 and its 2023 patrol, recorded before any reform.
        var modelId = await _client.RegisteredModel(unit: "27262", launch: new DateOnly(2023, 4, 1));
        await _client.RecordedPatrol(modelId, participants: 9, on: new DateOnly(2023, 6, 10));
        await api.WaitForProjections();
        var modelBefore = await (await _client.GetAsync($"/api/v1/models/{modelId}")).Content.ReadAsStringAsync();
        var statisticsBefore = (await (await _client.GetAsync("/api/v1/provinces/79/statistics?asOf=2023-12-31")).Read<Api.Modules.Statistics.ProvinceStatistics>()) with { Freshness = [] };

        // When: the reforms of 2021 and 2025 are recorded.
        foreach (var reform in (await ApiFactory.ReferenceUnits()).Reforms)
        {
            (await _client.PostJson("/api/v1/reforms", reform)).StatusCode.ShouldBe(HttpStatusCode.Created);
        }
        await api.WaitForProjections();

        // Then
        (await (await _client.GetAsync($"/api/v1/models/{modelId}")).Content.ReadAsStringAsync()).ShouldBe(modelBefore);
        var statisticsAfter = (await (await _client.GetAsync("/api/v1/provinces/79/statistics?asOf=2023-12-31")).Read<Api.Modules.Statistics.ProvinceStatistics>()) with { Freshness = [] };
        System.Text.Json.JsonSerializer.Serialize(statisticsAfter).ShouldBe(System.Text.Json.JsonSerializer.Serialize(statisticsBefore));
        var ward9In2023 = await (await _client.GetAsync("/api/v1/units/27262?at=2023-06-10")).Read<UnitView>();
        ward9In2023.Hierarchy.DistrictName.ShouldBe("Quận 4");
        await using var session = api.Store.QuerySession();
        var patrol = (await session.Events.FetchStreamAsync(modelId)).Select(e => e.Data).OfType<PatrolRecorded>().Single();
        patrol.Unit.ShouldBe(patrol.Unit with { Code = "27262", Name = "Phường 09", DistrictCode = "773", DistrictName = "Quận 4" });
    }
}
