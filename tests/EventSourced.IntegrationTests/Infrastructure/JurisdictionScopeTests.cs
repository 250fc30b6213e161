using System.Net;
using EventSourced.Api.Infrastructure;
using EventSourced.Api.Modules.Audit;
using EventSourced.Api.Modules.Catalogues;
using EventSourced.Api.Modules.Models;
using EventSourced.Api.Modules.Units;

namespace EventSourced.IntegrationTests.Infrastructure;

/// <summary>
/// District scopes never widen to the whole province (issue 11, item 1). The 2025 reform records each abolished
/// district's successor as its province (Quận 4, 773, passed WHOLE to Hồ Chí Minh City, 79; Ba Đình, 001, to Hà Nội,
/// 01); a claim follows only WHOLE transfers to a unit of its own level, so a district's claim still names the district.
/// Phường Tân Định (26734) is registered under Hồ Chí Minh City after the reform: a ward of the province that was never
/// in Quận 4.
/// </summary>
public class JurisdictionScopeTests(JurisdictionScopeTests.Fixture api) : IClassFixture<JurisdictionScopeTests.Fixture>
{
    public sealed class Fixture : ApiFactory
    {
        public const string TanDinh = "26734";

        protected override async Task AfterReferenceData()
        {
            var admin = CreateClient();
            var ward = new RegisterUnit(TanDinh, "Phường Tân Định", UnitLevel.Ward, "79", new DateOnly(2025, 7, 1), "Nghị quyết 1685/NQ-UBTVQH15");
            (await admin.PostJson("/api/v1/units", ward)).StatusCode.ShouldBe(HttpStatusCode.Created);
        }
    }

    private readonly HttpClient _national = api.CreateClient();

    [Fact]
    public async Task A_district_recorder_records_patrols_in_a_ward_that_was_in_its_district_and_gets_403_in_another_ward_of_the_province()
    {
        // Given
        var inQuan4 = await _national.RegisteredModel(unit: "27259", launch: new DateOnly(2023, 4, 1));
        var inTanDinh = await _national.RegisteredModel(unit: Fixture.TanDinh, launch: new DateOnly(2025, 8, 1));
        var quan4 = api.ClientAs([Access.Recorder], "773");
        var before = await api.EventCount();

        // When
        var outside = await quan4.PostJson($"/api/v1/models/{inTanDinh}/patrols", RecordPatrol.Example);
        var registering = await quan4.PostJson("/api/v1/models",
            RegisterModel.Example with { ProvinceCode = "79", UnitCode = Fixture.TanDinh, LaunchDate = new DateOnly(2025, 8, 1) });
        var eventsAfterRefusals = await api.EventCount();
        var inside = await quan4.PostJson($"/api/v1/models/{inQuan4}/patrols", RecordPatrol.Example);

        // Then
        var refused = await outside.ShouldBeProblem(403);
        refused.GetProperty("type").GetString().ShouldBe(Problems.ForbiddenType);
        refused.GetProperty("detail").GetString()!.ShouldContain($"Phường Tân Định, {Fixture.TanDinh}");
        (await registering.ShouldBeProblem(403)).GetProperty("type").GetString().ShouldBe(Problems.ForbiddenType);
        eventsAfterRefusals.ShouldBe(before);
        inside.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await api.EventCount()).ShouldBe(before + 1);
    }

    [Fact]
    public async Task A_district_token_gets_403_on_the_provinces_figures_catalogue_and_on_wards_outside_the_district()
    {
        // Given
        var analyst = api.ClientAs([Access.Analyst], "773");
        var auditor = api.ClientAs([Access.Auditor], "773");
        var recorder = api.ClientAs([Access.Recorder], "773");
        var before = await api.EventCount();

        // When
        var reads = new Dictionary<string, HttpResponseMessage>
        {
            ["province statistics"] = await analyst.GetAsync("/api/v1/provinces/79/statistics"),
            ["province model figures"] = await analyst.GetAsync("/api/v1/provinces/79/model-figures"),
            ["province catalogue"] = await analyst.GetAsync("/api/v1/provinces/79/catalogue"),
            ["program summary of the province"] = await analyst.GetAsync("/api/v1/programs/hcmc-478-2013/summary?province=79&asOf=2023-12-31"),
            ["statistics of a ward outside"] = await analyst.GetAsync($"/api/v1/units/{Fixture.TanDinh}/statistics?from=2025-07-01"),
            ["models of a ward outside"] = await analyst.GetAsync($"/api/v1/models?unit={Fixture.TanDinh}"),
            ["history of a ward outside"] = await auditor.GetAsync($"/api/v1/units/{Fixture.TanDinh}/history"),
            ["export of a ward outside"] = await auditor.GetAsync($"/api/v1/units/{Fixture.TanDinh}/export"),
            ["verification of a ward outside"] = await auditor.GetAsync($"/api/v1/units/{Fixture.TanDinh}/verification"),
            ["history of the province"] = await auditor.GetAsync("/api/v1/units/79/history"),
            ["export of the province"] = await auditor.GetAsync("/api/v1/units/79/export"),
        };
        var addType = await recorder.PostJson("/api/v1/provinces/79/catalogue",
            AddCatalogueType.Example with { TypeCode = "scope-test-type", Name = "Loại thử phạm vi" });

        // Then
        foreach (var (what, response) in reads)
        {
            (await response.ShouldBeProblem(403)).GetProperty("type").GetString().ShouldBe(Problems.ForbiddenType, what);
        }
        (await addType.ShouldBeProblem(403)).GetProperty("type").GetString().ShouldBe(Problems.ForbiddenType);
        (await api.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task A_district_token_reads_history_and_statistics_of_a_ward_that_was_in_its_district()
    {
        // Given
        await _national.RegisteredModel(unit: "27256", launch: new DateOnly(2019, 4, 1));
        var analyst = api.ClientAs([Access.Analyst], "773");
        var auditor = api.ClientAs([Access.Auditor], "773");

        // When
        var statistics = await analyst.GetAsync("/api/v1/units/27256/statistics?from=2019-01-01");
        var history = await auditor.GetAsync("/api/v1/units/27256/history");
        var districtHistory = await auditor.GetAsync("/api/v1/units/773/history");

        // Then
        statistics.StatusCode.ShouldBe(HttpStatusCode.OK);
        history.StatusCode.ShouldBe(HttpStatusCode.OK);
        districtHistory.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_district_analyst_listing_the_models_of_its_province_gets_only_those_registered_in_the_district()
    {
        // Given
        var inQuan4 = await _national.RegisteredModel(unit: "27262", launch: new DateOnly(2023, 4, 1));
        var inTanDinh = await _national.RegisteredModel(unit: Fixture.TanDinh, launch: new DateOnly(2025, 8, 1));
        var analyst = api.ClientAs([Access.Analyst], "773");

        // When
        var listed = await (await analyst.GetAsync("/api/v1/models?province=79&limit=200")).Read<Page<SecurityModel>>();
        var provincial = await (await api.ClientAs([Access.Analyst], "79").GetAsync("/api/v1/models?province=79&limit=200")).Read<Page<SecurityModel>>();

        // Then
        listed.Items.Select(m => m.Id).ShouldContain(inQuan4);
        listed.Items.Select(m => m.Id).ShouldNotContain(inTanDinh);
        listed.Items.ShouldAllBe(m => m.Unit.DistrictCode == "773");
        provincial.Items.Select(m => m.Id).ShouldContain(inTanDinh);
    }

    [Fact]
    public async Task A_ward_auditor_reads_its_wards_lineage_only_where_every_unit_it_was_formed_from_lies_in_its_jurisdiction()
    {
        // Given: Phường Xóm Chiếu (27259) took part of Phường 15 (27295); the rest of Phường 15 went to Khánh Hội.
        var inWard15 = await _national.RegisteredModel(unit: "27295", launch: new DateOnly(2025, 3, 1));
        var xomChieu = api.ClientAs([Access.Auditor], "27259");
        var hcmc = api.ClientAs([Access.Auditor], "79");

        // When
        var history = await xomChieu.GetAsync("/api/v1/units/27259/history?lineage=true");
        var export = await xomChieu.GetAsync("/api/v1/units/27259/export?lineage=true");
        var verification = await xomChieu.GetAsync("/api/v1/units/27259/verification?lineage=true");
        var ownVerification = await (await xomChieu.GetAsync("/api/v1/units/27259/verification")).Read<UnitVerification>();
        var provincialVerification = await (await hcmc.GetAsync("/api/v1/units/27259/verification")).Read<UnitVerification>();

        // Then
        foreach (var response in new[] { history, export, verification })
        {
            var problem = await response.ShouldBeProblem(403);
            problem.GetProperty("type").GetString().ShouldBe(Problems.ForbiddenType);
            problem.GetProperty("detail").GetString()!.ShouldContain("lineage=false");
        }
        (await xomChieu.GetAsync("/api/v1/units/27259/history")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await hcmc.GetAsync("/api/v1/units/27259/history?lineage=true")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await hcmc.GetAsync($"/api/v1/streams/{inWard15}/verification")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await xomChieu.GetAsync($"/api/v1/streams/{inWard15}/verification")).ShouldBeProblem(403);
        provincialVerification.Streams.ShouldBeGreaterThan(ownVerification.Streams, "the province's default lineage reaches the streams of Phường 15; the ward's does not");
    }

    [Fact]
    public async Task A_district_auditor_verifies_a_models_stream_only_while_all_of_it_lies_in_the_district()
    {
        // Given: two models of Phường 13; one also patrolled after 2025-07-01, in Phường Xóm Chiếu under the city
        var stayed = await _national.RegisteredModel(unit: "27259", launch: new DateOnly(2023, 4, 1));
        await _national.RecordedPatrol(stayed, on: new DateOnly(2023, 5, 6));
        var crossed = await _national.RegisteredModel(unit: "27259", launch: new DateOnly(2023, 4, 1));
        await _national.RecordedPatrol(crossed, on: new DateOnly(2023, 5, 6));
        await _national.RecordedPatrol(crossed, on: new DateOnly(2025, 8, 2));
        var quan4 = api.ClientAs([Access.Auditor], "773");

        // When
        var within = await quan4.GetAsync($"/api/v1/streams/{stayed}/verification");
        var across = await quan4.GetAsync($"/api/v1/streams/{crossed}/verification");

        // Then
        within.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await across.ShouldBeProblem(403)).GetProperty("type").GetString().ShouldBe(Problems.ForbiddenType);
    }

    [Fact]
    public async Task A_Ha_Noi_district_token_gets_403_on_Ha_Noi_province_figures_which_a_Ha_Noi_token_reads()
    {
        // Given
        var baDinh = api.ClientAs([Access.Analyst, Access.Auditor], "001");
        var hanoi = api.ClientAs([Access.Analyst, Access.Auditor], "01");

        // When
        var statistics = await baDinh.GetAsync("/api/v1/provinces/01/statistics");
        var figures = await baDinh.GetAsync("/api/v1/provinces/01/model-figures");
        var history = await baDinh.GetAsync("/api/v1/units/01/history");
        var wardOfBaDinh = await baDinh.GetAsync("/api/v1/units/00001/history");

        // Then
        (await statistics.ShouldBeProblem(403)).GetProperty("detail").GetString()!.ShouldContain("Province 01");
        await figures.ShouldBeProblem(403);
        await history.ShouldBeProblem(403);
        wardOfBaDinh.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await hanoi.GetAsync("/api/v1/provinces/01/statistics")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await hanoi.GetAsync("/api/v1/units/01/history")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
