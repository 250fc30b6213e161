using EventSourced.Api.Modules.Clusters;
using EventSourced.Api.Modules.Reviews;
using EventSourced.Api.Modules.Seeds;
using EventSourced.Api.Modules.Statistics;

namespace EventSourced.IntegrationTests.Dataset;

/// <summary>The review dataset, loaded once through the command handlers as `seed --dataset` loads it.</summary>
public sealed class DatasetApi : ApiFactory
{
    public SeedOutcome FirstLoad { get; private set; } = new(0, 0);

    protected override async Task AfterReferenceData()
    {
        FirstLoad = await new ReviewDataset(Store, null, CancellationToken.None).Load();
        await WaitForProjections();
    }
}

/// <summary>Every figure of the 2023 reviews (DESIGN.md; ../shared/seed-facts.json), exactly, through the HTTP API.</summary>
public class PublishedFiguresTests(DatasetApi api) : IClassFixture<DatasetApi>
{
    private readonly HttpClient _client = api.CreateClient();

    private async Task<T> Get<T>(string url) => await (await _client.GetAsync(url)).Read<T>();

    private Task<ProvinceModelFigures> Hanoi() =>
        Get<ProvinceModelFigures>("/api/v1/provinces/01/model-figures?from=2013-01-01&asOf=2023-07-24&knownAt=2023-07-24");

    private Task<CatalogueFigures> HcmcCatalogue() => Get<CatalogueFigures>("/api/v1/provinces/79/catalogue?asOf=2023-12-25&knownAt=2023-12-25");

    private Task<UnitStatistics> District4Teams() =>
        Get<UnitStatistics>("/api/v1/units/773/statistics?from=2023-04-01&to=2023-12-25&knownAt=2023-12-25&type=apartment-self-management-team");

    [Fact]
    public async Task F093_Ha_Noi_launched_1616_models_and_good_practices_in_ten_years() =>
        (await Hanoi()).Launched.Exact.ShouldBe(1616);

    [Fact]
    public async Task F094_of_them_495_were_effective_as_reported_on_2023_07_24() =>
        (await Hanoi()).Effective.Exact.ShouldBe(495);

    [Fact]
    public async Task F094_a_downgrade_reported_in_September_changes_the_count_as_known_today_but_not_as_reported_then()
    {
        var today = await Get<ProvinceModelFigures>("/api/v1/provinces/01/model-figures?from=2013-01-01&asOf=2023-07-24");

        today.Effective.Exact.ShouldBe(475);
        (await Hanoi()).Effective.Exact.ShouldBe(495);
    }

    [Fact]
    public async Task F095_the_self_management_model_covered_181_communes() =>
        (await Hanoi()).ByType.Single(t => t.ModelType == "security-order-self-management").Coverage.Exact.ShouldBe(181);

    [Fact]
    public async Task F096_security_cameras_covered_109_communes() =>
        (await Hanoi()).ByType.Single(t => t.ModelType == "security-cameras").Coverage.Exact.ShouldBe(109);

    [Fact]
    public async Task F108_Ho_Chi_Minh_City_had_41_model_types() =>
        (await HcmcCatalogue()).Types.Exact.ShouldBe(41);

    [Fact]
    public async Task F109_F110_the_police_maintained_19_of_which_8_effective()
    {
        var police = (await HcmcCatalogue()).ByParty.Single(p => p.Key == "POLICE");

        (police.Types.Exact, police.Effective.Exact).ShouldBe((19L, 8L));
    }

    [Fact]
    public async Task F124_F125_the_Fatherland_Front_and_member_organisations_maintained_22_of_which_10_effective()
    {
        var front = (await HcmcCatalogue()).ByParty.Single(p => p.Key == "FATHERLAND_FRONT_AND_MEMBERS");

        (front.Types.Exact, front.Effective.Exact).ShouldBe((22L, 10L));
    }

    [Fact]
    public async Task F112_F113_more_than_30000_cameras_and_4200_recorders_were_installed()
    {
        var city = (await Get<UnitStatistics>("/api/v1/units/79/statistics?from=2013-01-01&to=2023-12-25&knownAt=2023-12-25")).Figures;

        city.CamerasInstalled.Exact.ShouldBeGreaterThan(30000);
        city.CamerasInstalled.Display.ShouldStartWith("hơn 3");
        city.RecordersInstalled.Exact.ShouldBeGreaterThan(4200);
    }

    [Fact]
    public async Task F119_District_4s_apartment_teams_ran_236_shifts() =>
        (await District4Teams()).Figures.Shifts.Exact.ShouldBe(236);

    [Fact]
    public async Task F120_with_more_than_1600_participations()
    {
        var participations = (await District4Teams()).Figures.Participations;

        participations.Exact.ShouldBeGreaterThan(1600);
        participations.Display.ShouldBe("hơn 1.600");
    }

    [Fact]
    public async Task F121_213_administrative_inspections() =>
        (await District4Teams()).Figures.Inspections.Exact.ShouldBe(213);

    [Fact]
    public async Task F122_7_cases_detected_and_prosecuted_in_the_period() =>
        (await District4Teams()).Figures.CasesProsecuted.Exact.ShouldBe(7);

    [Fact]
    public async Task F123_65_administrative_sanctions() =>
        (await District4Teams()).Figures.Sanctions.Exact.ShouldBe(65);

    [Fact]
    public async Task F139_F144_emulation_cluster_No_1_has_the_police_of_five_cities() =>
        (await Get<ClusterView>("/api/v1/clusters/bca-cum-1?asOf=2023-06-30")).Members.Count.ShouldBe(5);

    [Fact]
    public async Task The_commendations_of_2023_05_31_are_Bang_khen_of_the_city_and_its_Front_and_Giay_khen_of_the_city_police()
    {
        var city = await Get<ProvinceStatistics>("/api/v1/provinces/79/statistics?asOf=2023-05-31&knownAt=2023-05-31");

        city.CommendationsByIssuer.ToDictionary(c => c.Key, c => c.Value.Exact).ShouldBe(new Dictionary<string, long>
        {
            ["PROVINCIAL_PEOPLES_COMMITTEE"] = 3,
            ["PROVINCIAL_FATHERLAND_FRONT"] = 2,
            ["PROVINCIAL_POLICE"] = 4,
        }, ignoreOrder: true);
        city.CommendationsByForm["CERTIFICATE_OF_MERIT"].Exact.ShouldBe(5);
    }

    [Theory]
    [InlineData(ReviewDataset.HanoiReviewTitle, "2023-07-24", 4)]
    [InlineData(ReviewDataset.HcmcReviewTitle, "2023-12-25", 12)]
    [InlineData("Hội nghị sơ kết 6 tháng đầu năm 2023 Cụm thi đua số 1, Bộ Công an", "2023-06-30", 1)]
    public async Task Every_figure_each_review_reported_reconciles_as_MATCH(string title, string heldOn, int figures)
    {
        var id = ReviewIds.For(title, DateOnly.Parse(heldOn, System.Globalization.CultureInfo.InvariantCulture));

        var reconciliation = await Get<Reconciliation>($"/api/v1/reviews/{id}/reconciliation");

        reconciliation.Figures.Count.ShouldBe(figures);
        reconciliation.Figures.Where(f => f.Status != ReconciliationStatus.Match).Select(f => $"{f.Key}: reported {f.Reported}, computed {f.Computed.Exact}")
            .ShouldBeEmpty();
    }

    [Fact]
    public async Task Loading_the_dataset_again_changes_nothing()
    {
        var before = await api.EventCount();

        var again = await new ReviewDataset(api.Store, null, CancellationToken.None).Load();

        again.Recorded.ShouldBe(0);
        again.AlreadyThere.ShouldBe(api.FirstLoad.Recorded);
        (await api.EventCount()).ShouldBe(before);
    }
}
