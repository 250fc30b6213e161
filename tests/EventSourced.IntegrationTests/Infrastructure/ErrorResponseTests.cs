namespace EventSourced.IntegrationTests.Infrastructure;

public class ErrorResponseTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task An_unknown_route_answers_404_as_a_problem_with_the_correlation_id()
    {
        var response = await _client.GetAsync("/api/v1/nothing-here");

        var problem = await response.ShouldBeProblem(404);
        problem.GetProperty("correlationId").GetString().ShouldBe(response.Headers.GetValues("X-Correlation-Id").Single());
    }

    [Fact]
    public async Task A_method_the_route_does_not_take_answers_405_as_a_problem()
    {
        var response = await _client.DeleteAsync("/api/v1/models");

        await response.ShouldBeProblem(405);
    }

    [Fact]
    public async Task A_correlation_id_with_unsafe_characters_is_replaced_not_echoed()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/model-types");
        request.Headers.TryAddWithoutValidation("X-Correlation-Id", "<script>alert(1)</script>");

        var response = await _client.SendAsync(request);

        var echoed = response.Headers.GetValues("X-Correlation-Id").Single();
        echoed.ShouldNotContain("<");
        echoed.Length.ShouldBe(32);
    }

    [Fact]
    public async Task Health_answers_healthy_when_PostgreSQL_answers()
    {
        var response = await _client.GetAsync("/health");

        (await response.Content.ReadAsStringAsync()).ShouldBe("Healthy");
    }

    [Fact]
    public async Task The_model_type_catalogue_lists_the_glossarys_kinds_with_Vietnamese_names()
    {
        var types = await (await _client.GetAsync("/api/v1/model-types")).Read<List<EventSourced.Api.Modules.Reference.ModelType>>();

        types.Select(t => t.Name).ShouldContain("Nhà trọ tự quản");
        types.Select(t => t.Name).ShouldContain("Mô hình 5+1");
        types.Select(t => t.Code).ShouldContain("self-managed-motorbike-taxis");
        types.Count.ShouldBeGreaterThanOrEqualTo(9);
    }
}
