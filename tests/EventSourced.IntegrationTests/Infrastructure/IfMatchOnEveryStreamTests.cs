using System.Net;
using System.Net.Http.Json;
using EventSourced.Api.Infrastructure;
using EventSourced.Api.Modules.Catalogues;
using EventSourced.Api.Modules.Clusters;
using EventSourced.Api.Modules.Officials;

namespace EventSourced.IntegrationTests.Infrastructure;

/// <summary>Issue 5, item 5: every command on an existing stream honours If-Match, not only the models'.</summary>
public class IfMatchOnEveryStreamTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    private Task<HttpResponseMessage> Post<T>(string url, T body, string ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(body, options: ApiFactory.Json) };
        request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        return _client.SendAsync(request);
    }

    [Fact]
    public async Task An_officials_rank_with_the_ETag_just_read_is_recorded_and_with_a_stale_one_answers_412()
    {
        var officialId = (await (await _client.PostJson("/api/v1/officials", RegisterOfficial.Example)).Read<Recorded>()).Id;
        var etag = (await _client.GetAsync($"/api/v1/officials/{officialId}")).Headers.ETag!.Tag;
        var before = await api.EventCount();

        var fresh = await Post($"/api/v1/officials/{officialId}/ranks", RecordOfficialRank.Example, etag);
        var stale = await Post($"/api/v1/officials/{officialId}/ranks", RecordOfficialRank.Example with { From = RecordOfficialRank.Example.From.AddYears(1) }, etag);

        fresh.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await stale.ShouldBeProblem(412)).GetProperty("type").GetString().ShouldBe(Preconditions.PreconditionFailedType);
        (await api.EventCount()).ShouldBe(before + 1);
        (await _client.GetAsync($"/api/v1/officials/{officialId}")).Headers.ETag!.Tag.ShouldBe("\"2\"");
    }

    [Fact]
    public async Task A_cluster_membership_change_with_a_stale_ETag_answers_412_and_a_malformed_one_400()
    {
        await _client.PostJson("/api/v1/clusters", FormEmulationCluster.Example);
        var code = FormEmulationCluster.Example.Code;
        var read = await _client.GetAsync($"/api/v1/clusters/{code}");
        var etag = read.Headers.ETag!.Tag;
        await Post($"/api/v1/clusters/{code}/members", AddClusterMember.Example, etag);
        var before = await api.EventCount();

        var stale = await Post($"/api/v1/clusters/{code}/members", AddClusterMember.Example with { ProvinceCode = "79", MemberName = "Công an TP.HCM" }, etag);
        var malformed = await Post($"/api/v1/clusters/{code}/members", AddClusterMember.Example with { ProvinceCode = "79", MemberName = "Công an TP.HCM" }, "W/\"1\"");

        await stale.ShouldBeProblem(412);
        (await malformed.ShouldBeProblem(400)).Fields().ShouldBe(["If-Match"]);
        (await api.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task A_province_catalogue_change_naming_a_version_it_is_not_at_answers_412_and_with_its_version_succeeds()
    {
        var first = await (await _client.PostJson("/api/v1/provinces/48/catalogue", AddCatalogueType.Example with { TypeCode = "if-match-a" })).Read<Recorded>();
        var before = await api.EventCount();

        var stale = await Post("/api/v1/provinces/48/catalogue", AddCatalogueType.Example with { TypeCode = "if-match-b" }, $"\"{first.Version + 5}\"");
        var current = await Post("/api/v1/provinces/48/catalogue", AddCatalogueType.Example with { TypeCode = "if-match-b" }, $"\"{first.Version}\"");

        await stale.ShouldBeProblem(412);
        current.StatusCode.ShouldBe(HttpStatusCode.Created);
        (await api.EventCount()).ShouldBe(before + 1);
    }
}
