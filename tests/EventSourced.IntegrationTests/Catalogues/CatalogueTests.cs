using System.Net;
using EventSourced.Api.Modules.Catalogues;
using EventSourced.Api.Modules.Reference;
using EventSourced.Api.Modules.Statistics;

namespace EventSourced.IntegrationTests.Catalogues;

public class CatalogueTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    private Task<HttpResponseMessage> Add(string province, string code, Organisation maintainer) =>
        _client.PostJson($"/api/v1/provinces/{province}/catalogue", new AddCatalogueType(code, $"Mô hình {code}", maintainer, new DateOnly(2013, 6, 1)));

    [Fact]
    public async Task A_provinces_catalogue_counts_types_by_party_and_their_effective_ones()
    {
        // Given
        (await Add("79", "self-managed-motorbike-taxis", Organisation.Police)).StatusCode.ShouldBe(HttpStatusCode.Created);
        await Add("79", "security-cameras", Organisation.Police);
        await Add("79", "family-club-against-social-evils", Organisation.WomensUnion);
        await Add("79", "youth-shock-brigade", Organisation.YouthUnion);
        await Add("79", "self-defended-residential-area", Organisation.FatherlandFront);
        await _client.PostJson("/api/v1/provinces/79/catalogue/security-cameras/assessments", AssessCatalogueType.Example);
        await _client.PostJson("/api/v1/provinces/79/catalogue/youth-shock-brigade/assessments", AssessCatalogueType.Example);
        await _client.PostJson("/api/v1/provinces/79/catalogue/self-defended-residential-area/removal",
            new RemoveCatalogueType(new DateOnly(2020, 1, 1), "Hợp nhất"));

        // When
        await api.WaitForProjections();
        var figures = await (await _client.GetAsync("/api/v1/provinces/79/catalogue?asOf=2023-12-25")).Read<CatalogueFigures>();

        // Then
        figures.Types.Exact.ShouldBe(4);
        figures.Effective.Exact.ShouldBe(2);
        figures.ByParty.Select(p => (p.Key, p.Types.Exact, p.Effective.Exact)).ShouldBe([
            ("FATHERLAND_FRONT_AND_MEMBERS", 2L, 1L),
            ("POLICE", 2L, 1L),
        ]);
        (await (await _client.GetAsync("/api/v1/provinces/79/catalogue?asOf=2019-12-31")).Read<CatalogueFigures>()).Types.Exact.ShouldBe(5);
        (await (await _client.GetAsync("/api/v1/provinces/79/catalogue?asOf=2023-12-24")).Read<CatalogueFigures>()).Effective.Exact.ShouldBe(0);
    }

    [Fact]
    public async Task The_catalogue_answers_CSV_in_UTF8_with_a_byte_order_mark_and_Vietnamese_intact()
    {
        await _client.PostJson("/api/v1/provinces/01/catalogue", new AddCatalogueType("self-managed-boarding-houses", "Nhà trọ tự quản", Organisation.Police, new DateOnly(2014, 1, 1)));
        await api.WaitForProjections();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/provinces/01/catalogue?asOf=2023-07-24");
        request.Headers.Accept.ParseAdd("text/csv");

        var response = await _client.SendAsync(request);

        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        bytes[..3].ShouldBe(new byte[] { 0xEF, 0xBB, 0xBF });
        var lines = System.Text.Encoding.UTF8.GetString(bytes[3..]).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        lines[0].ShouldBe("figure,exact,display");
        lines.ShouldContain("types,1,1");
        lines.ShouldContain("entries[self-managed-boarding-houses].name,Nhà trọ tự quản,");
    }

    [Fact]
    public async Task Adding_the_same_type_again_answers_200_and_appends_nothing()
    {
        await Add("92", "security-cameras", Organisation.Police);
        var before = await api.EventCount();

        var again = await Add("92", "security-cameras", Organisation.Police);

        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await api.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task Adding_a_type_in_the_catalogue_under_another_maintainer_answers_409_and_appends_nothing()
    {
        await Add("48", "security-cameras", Organisation.Police);
        var before = await api.EventCount();

        await (await Add("48", "security-cameras", Organisation.YouthUnion)).ShouldBeProblem(409);
        (await api.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task Assessing_a_type_the_catalogue_does_not_have_answers_404()
    {
        await (await _client.PostJson("/api/v1/provinces/31/catalogue/no-such-type/assessments", AssessCatalogueType.Example)).ShouldBeProblem(404);
    }

    [Fact]
    public async Task A_type_code_with_capitals_or_spaces_answers_400_on_typeCode()
    {
        var response = await _client.PostJson("/api/v1/provinces/79/catalogue", AddCatalogueType.Example with { TypeCode = "Xe ôm" });

        (await response.ShouldBeProblem(400)).Fields().ShouldBe(["typeCode"]);
    }

    [Fact]
    public async Task A_malformed_province_code_answers_400_on_provinceCode()
    {
        (await (await _client.GetAsync("/api/v1/provinces/HCM/catalogue")).ShouldBeProblem(400)).Fields().ShouldBe(["provinceCode"]);
    }
}
