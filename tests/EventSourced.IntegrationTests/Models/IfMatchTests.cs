using System.Net;
using System.Net.Http.Json;
using EventSourced.Api.Infrastructure;
using EventSourced.Api.Modules.Models;

namespace EventSourced.IntegrationTests.Models;

public class IfMatchTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    private Task<HttpResponseMessage> Patrol(Guid modelId, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/models/{modelId}/patrols")
        {
            Content = JsonContent.Create(RecordPatrol.Example, options: ApiFactory.Json),
        };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return _client.SendAsync(request);
    }

    [Fact]
    public async Task A_write_with_the_ETag_just_read_succeeds_and_a_second_write_with_the_same_ETag_answers_412()
    {
        // Given
        var modelId = await _client.RegisteredModel();
        var etag = (await _client.GetAsync($"/api/v1/models/{modelId}")).Headers.ETag!.Tag;

        // When
        var first = await Patrol(modelId, etag);
        var before = await api.EventCount();
        var stale = await Patrol(modelId, etag);

        // Then
        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        var problem = await stale.ShouldBeProblem(412);
        problem.GetProperty("type").GetString().ShouldBe(Preconditions.PreconditionFailedType);
        problem.GetProperty("detail").GetString()!.ShouldContain("is at version 2, not 1");
        (await api.EventCount()).ShouldBe(before);
        (await Patrol(modelId, "\"2\"")).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Discontinuing_a_model_without_If_Match_answers_428_and_records_nothing_while_with_the_ETag_it_succeeds()
    {
        // Given
        var modelId = await _client.RegisteredModel();
        var before = await api.EventCount();

        // When
        var bare = await _client.PostJson($"/api/v1/models/{modelId}/discontinuation", DiscontinueModel.Example);

        // Then
        var problem = await bare.ShouldBeProblem(428);
        problem.GetProperty("type").GetString().ShouldBe(Preconditions.PreconditionRequiredType);
        problem.GetProperty("detail").GetString()!.ShouldContain("If-Match");
        (await api.EventCount()).ShouldBe(before);
        (await _client.Discontinue(modelId, DiscontinueModel.Example)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await api.EventCount()).ShouldBe(before + 1);
    }

    [Fact]
    public async Task Ten_parallel_writers_holding_the_same_ETag_make_exactly_one_write()
    {
        var modelId = await _client.RegisteredModel();

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Patrol(modelId, "\"1\"")));

        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(1);
        responses.Count(r => r.StatusCode == HttpStatusCode.PreconditionFailed).ShouldBe(9);
        (await (await _client.GetAsync($"/api/v1/models/{modelId}")).Read<SecurityModel>()).Totals.PatrolShifts.ShouldBe(1);
    }

    [Theory]
    [InlineData("W/\"1\"")]
    [InlineData("\"one\"")]
    public async Task An_If_Match_that_is_not_a_version_answers_400_on_If_Match(string header)
    {
        var modelId = await _client.RegisteredModel();

        (await (await Patrol(modelId, header)).ShouldBeProblem(400)).Fields().ShouldBe(["If-Match"]);
    }
}
