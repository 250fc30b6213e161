using System.Net;
using EventSourced.Api.Infrastructure;
using EventSourced.Api.Modules.Models;

namespace EventSourced.IntegrationTests.Models;

public class DiscontinueModelTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task A_discontinued_model_reads_back_with_its_status_and_date()
    {
        var modelId = await _client.RegisteredModel();

        var response = await _client.Discontinue(modelId, DiscontinueModel.Example);

        (await response.Read<Recorded>()).Version.ShouldBe(2);
        var model = await (await _client.GetAsync($"/api/v1/models/{modelId}")).Read<SecurityModel>();
        model.Status.ShouldBe(ModelStatus.Discontinued);
        model.DiscontinuedOn.ShouldBe(new DateOnly(2025, 7, 1));
    }

    [Fact]
    public async Task Repeating_the_same_discontinuation_answers_the_same_and_appends_nothing()
    {
        var modelId = await _client.RegisteredModel();
        await _client.Discontinue(modelId, DiscontinueModel.Example);
        var before = await api.EventCount();

        var again = await _client.Discontinue(modelId, DiscontinueModel.Example);

        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await again.Read<Recorded>()).Version.ShouldBe(2);
        (await api.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task Discontinuing_again_on_another_date_answers_409_and_appends_nothing()
    {
        var modelId = await _client.RegisteredModel();
        await _client.Discontinue(modelId, DiscontinueModel.Example);
        var before = await api.EventCount();

        var response = await _client.Discontinue(modelId, DiscontinueModel.Example with { DiscontinuedOn = new DateOnly(2025, 8, 1) });

        await response.ShouldBeProblem(409);
        (await api.EventCount()).ShouldBe(before);
    }
}
