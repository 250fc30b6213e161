using System.Net;
using EventSourced.Api.Modules.Models;

namespace EventSourced.IntegrationTests.Models;

public class AssessModelTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    private async Task<ModelEffectiveness> Effectiveness(Guid modelId, string asOf) =>
        await (await _client.GetAsync($"/api/v1/models/{modelId}/effectiveness?asOf={asOf}")).Read<ModelEffectiveness>();

    [Fact]
    public async Task A_model_rated_effective_then_downgraded_answers_by_the_assessment_in_force_on_each_date()
    {
        // Given
        var modelId = await _client.RegisteredModel();

        // When: rated effective in 2023, downgraded in September 2023 (recorded later)
        var first = await _client.PostJson($"/api/v1/models/{modelId}/assessments", AssessModel.Example with { AssessedOn = new DateOnly(2023, 6, 30) });
        await _client.PostJson($"/api/v1/models/{modelId}/assessments",
            AssessModel.Example with { AssessedOn = new DateOnly(2023, 9, 15), Rating = AssessmentRating.NotEffective, Basis = "Kiểm tra tháng 9/2023" });

        // Then
        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        first.Headers.Location!.ToString().ShouldBe($"/api/v1/models/{modelId}/effectiveness?asOf=2023-06-30");
        var july = await Effectiveness(modelId, "2023-07-24");
        july.Effective.ShouldBeTrue();
        july.Assessment!.Basis.ShouldBe("Hội nghị tổng kết 10 năm Chương trình phối hợp số 09");
        (await Effectiveness(modelId, "2023-10-01")).Effective.ShouldBeFalse();
        (await Effectiveness(modelId, "2023-06-29")).Assessment.ShouldBeNull();
    }

    [Fact]
    public async Task An_assessment_before_the_launch_answers_422_and_appends_nothing()
    {
        var modelId = await _client.RegisteredModel(launch: new DateOnly(2023, 4, 1));
        var before = await api.EventCount();

        var response = await _client.PostJson($"/api/v1/models/{modelId}/assessments", AssessModel.Example with { AssessedOn = new DateOnly(2023, 3, 1) });

        (await response.ShouldBeProblem(422)).GetProperty("field").GetString().ShouldBe("assessedOn");
        (await api.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task Assessments_do_not_disturb_the_province_projection()
    {
        var modelId = await _client.RegisteredModel(province: "92", unit: "31120");
        await _client.PostJson($"/api/v1/models/{modelId}/assessments", AssessModel.Example);

        await api.WaitForProjections();

        var view = await (await _client.GetAsync("/api/v1/provinces/92/statistics")).Read<Api.Modules.Statistics.ProvinceStatistics>();
        view.Models.Launched.Exact.ShouldBe(1);
        view.Models.Effective.Exact.ShouldBe(1);
        view.Freshness.ShouldAllBe(f => f.IsCurrent);
    }

    [Fact]
    public async Task A_malformed_as_of_date_answers_400_on_asOf()
    {
        var modelId = await _client.RegisteredModel();

        (await (await _client.GetAsync($"/api/v1/models/{modelId}/effectiveness?asOf=24/07/2023")).ShouldBeProblem(400)).Fields().ShouldBe(["asOf"]);
    }
}
