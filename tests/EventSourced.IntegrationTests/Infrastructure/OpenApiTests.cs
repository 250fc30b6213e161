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
    [InlineData("/api/v1/models", new[] { "201", "400", "401", "403", "409", "413", "415", "422", "429", "500" })]
    [InlineData("/api/v1/models/{modelId}/patrols", new[] { "201", "400", "401", "403", "404", "409", "412", "413", "415", "422", "429", "500" })]
    [InlineData("/api/v1/models/{modelId}/discontinuation", new[] { "200", "400", "401", "403", "404", "409", "412", "413", "415", "422", "428", "429", "500" })]
    [InlineData("/api/v1/commendations", new[] { "201", "400", "401", "403", "409", "413", "415", "422", "429", "500" })]
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
    public async Task The_document_declares_the_bearer_scheme_and_every_operation_requires_it_and_answers_401_403_and_429()
    {
        var document = await Document();

        var scheme = document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer");
        scheme.GetProperty("type").GetString().ShouldBe("http");
        scheme.GetProperty("scheme").GetString().ShouldBe("bearer");
        scheme.GetProperty("bearerFormat").GetString().ShouldBe("JWT");
        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => (Name: $"{op.Name} {path.Name}", Operation: op.Value))).ToList();
        operations.Count.ShouldBeGreaterThan(40);
        foreach (var (name, operation) in operations)
        {
            operation.GetProperty("security").EnumerateArray().Single().TryGetProperty("bearer", out _).ShouldBeTrue(name);
            var responses = operation.GetProperty("responses");
            foreach (var status in new[] { "401", "403", "429" })
            {
                responses.GetProperty(status).GetProperty("content").TryGetProperty("application/problem+json", out _).ShouldBeTrue($"{name} {status}");
            }
        }
        operations.Single(o => o.Name == "post /api/v1/units").Operation.GetProperty("responses").GetProperty("403")
            .GetProperty("description").GetString()!.ShouldContain("admin with national jurisdiction");
    }

    [Fact]
    public async Task Every_command_declares_the_Idempotency_Key_header_and_discontinuation_requires_If_Match()
    {
        var paths = (await Document()).GetProperty("paths");
        var posts = paths.EnumerateObject().Where(p => p.Value.TryGetProperty("post", out _)).Select(p => (p.Name, Post: p.Value.GetProperty("post"))).ToList();

        posts.Count.ShouldBeGreaterThan(20);
        foreach (var (path, post) in posts)
        {
            post.GetProperty("parameters").EnumerateArray().Select(p => p.GetProperty("name").GetString()).ShouldContain("Idempotency-Key", path);
        }
        var ifMatch = paths.GetProperty("/api/v1/models/{modelId}/discontinuation").GetProperty("post").GetProperty("parameters")
            .EnumerateArray().Single(p => p.GetProperty("name").GetString() == "If-Match");
        ifMatch.GetProperty("required").GetBoolean().ShouldBeTrue();
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
