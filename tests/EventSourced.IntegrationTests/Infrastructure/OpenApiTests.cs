using System.Text.Json;

namespace EventSourced.IntegrationTests.Infrastructure;

public class OpenApiTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    private async Task<JsonElement> Document() =>
        JsonDocument.Parse(await _client.GetStringAsync("/swagger/v1/swagger.json")).RootElement.Clone();

    [Theory]
    [InlineData("/api/v1/models", "post")]
    [InlineData("/api/v1/models", "get")]
    [InlineData("/api/v1/models/{modelId}", "get")]
    [InlineData("/api/v1/models/{modelId}/patrols", "post")]
    [InlineData("/api/v1/models/{modelId}/discontinuation", "post")]
    [InlineData("/api/v1/commendations", "post")]
    [InlineData("/api/v1/commendations/{commendationId}", "get")]
    [InlineData("/api/v1/provinces/{provinceCode}/statistics", "get")]
    public async Task Every_route_is_documented_with_a_summary(string path, string method)
    {
        var operation = (await Document()).GetProperty("paths").GetProperty(path).GetProperty(method);

        operation.GetProperty("summary").GetString().ShouldNotBeNullOrWhiteSpace();
    }

    [Theory]
    [InlineData("/api/v1/models", new[] { "201", "400", "413", "415", "422", "500" })]
    [InlineData("/api/v1/models/{modelId}/patrols", new[] { "201", "400", "404", "409", "412", "413", "415", "422", "500" })]
    [InlineData("/api/v1/commendations", new[] { "201", "400", "413", "415", "422", "500" })]
    public async Task Every_command_declares_its_answers_and_each_error_is_a_problem_document(string path, string[] statuses)
    {
        var responses = (await Document()).GetProperty("paths").GetProperty(path).GetProperty("post").GetProperty("responses");

        responses.EnumerateObject().Select(r => r.Name).Order().ShouldBe(statuses.Order());
        foreach (var error in responses.EnumerateObject().Where(r => r.Name[0] is '4' or '5'))
        {
            error.Value.GetProperty("content").TryGetProperty("application/problem+json", out _).ShouldBeTrue(error.Name);
        }
    }

    [Fact]
    public async Task Commands_on_an_existing_model_declare_the_If_Match_header()
    {
        var parameters = (await Document()).GetProperty("paths").GetProperty("/api/v1/models/{modelId}/patrols").GetProperty("post").GetProperty("parameters");

        parameters.EnumerateArray().Select(p => (p.GetProperty("name").GetString(), p.GetProperty("in").GetString())).ShouldContain(("If-Match", "header"));
    }

    [Fact]
    public async Task Command_examples_are_in_Vietnamese_with_diacritics()
    {
        var example = (await Document()).GetProperty("paths").GetProperty("/api/v1/models").GetProperty("post")
            .GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("example");

        example.GetProperty("name").GetString().ShouldBe("Tổ tự quản chung cư H3 Hoàng Diệu");
        example.GetProperty("leadOrganisation").GetString().ShouldBe("POLICE");
    }

    [Fact]
    public async Task Command_fields_carry_their_XML_documentation()
    {
        var schema = (await Document()).GetProperty("components").GetProperty("schemas").GetProperty("Models.RecordPatrol");

        schema.GetProperty("properties").GetProperty("participants").GetProperty("description").GetString()!.ShouldContain("at least 1");
        schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()).ShouldBe(["participants", "shiftEnd", "shiftStart"], ignoreOrder: true);
    }

    [Fact]
    public async Task The_swagger_UI_is_served()
    {
        var html = await _client.GetStringAsync("/swagger/index.html");

        html.ShouldContain("swagger-ui");
    }
}
