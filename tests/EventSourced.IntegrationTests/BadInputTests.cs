using System.Net;
using System.Text;
using System.Text.Json;
using EventSourced.Api.Infrastructure;

namespace EventSourced.IntegrationTests;

/// <summary>
/// Every bad input gets a problem document naming what is wrong, and nothing is appended. Each case below says what
/// it sends and what it gets.
/// </summary>
public class BadInputTests(ApiFactory api) : IClassFixture<ApiFactory>, IAsyncLifetime
{
    private readonly HttpClient _client = api.CreateClient();
    private Guid _modelId;

    private const string Model = """
        {"modelType":"apartment-self-management-team","kind":"MODEL","name":"Tổ tự quản chung cư H3","provinceCode":"79",
         "unitCode":"27259","leadOrganisation":"POLICE","launchDate":"2023-04-01"}
        """;
    private const string Patrol = """
        {"shiftStart":"2023-05-06T19:00:00+07:00","shiftEnd":"2023-05-06T23:00:00+07:00","participants":7,"inspections":2,
         "sanctions":{"fines":1,"warnings":0,"other":0},"casesDetected":0}
        """;
    private const string Commendation = """
        {"form":"CERTIFICATE_OF_MERIT","issuer":"PROVINCIAL_PEOPLES_COMMITTEE","provinceCode":"79",
         "recipient":{"kind":"COLLECTIVE","name":"Tổ tự quản chung cư H3","unitCode":"27259"},
         "reason":"Thành tích xuất sắc","decisionNumber":"1234/QĐ-UBND","decisionDate":"2023-08-15"}
        """;

    public async Task InitializeAsync()
    {
        _modelId = await _client.RegisteredModel();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>The valid bodies with one field replaced (JSON text), or removed (null).</summary>
    private static string With(string json, string field, string? value)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        var path = field.Split('.');
        var target = node;
        foreach (var segment in path[..^1])
        {
            target = target[segment]!.AsObject();
        }
        if (value is null)
        {
            target.Remove(path[^1]);
        }
        else
        {
            target[path[^1]] = System.Text.Json.Nodes.JsonNode.Parse(value);
        }
        return node.ToJsonString();
    }

    public static TheoryData<string, string, string, string[]> InvalidFields => new()
    {
        // route, body, what is wrong (for the test name), fields the 400 names
        { "models", "{}", "every required field missing", ["modelType", "kind", "name", "provinceCode", "unitCode", "leadOrganisation", "launchDate"] },
        { "models", With(Model, "name", null), "name missing", ["name"] },
        { "models", With(Model, "modelType", "\"karaoke-club\""), "unknown model type", ["modelType"] },
        { "models", With(Model, "kind", "\"FRANCHISE\""), "unknown kind", ["kind"] },
        { "models", With(Model, "kind", "0"), "kind as a number", ["kind"] },
        { "models", With(Model, "unitCode", "\"2725\""), "4-digit unit code", ["unitCode"] },
        { "models", With(Model, "unitCode", "\"27A59\""), "unit code with a letter", ["unitCode"] },
        { "models", With(Model, "unitCode", "27259"), "unit code as a number", ["unitCode"] },
        { "models", With(Model, "provinceCode", "\"079\""), "3-digit province code", ["provinceCode"] },
        { "models", With(Model, "name", $"\"{new string('ư', 501)}\""), "name over 500 characters", ["name"] },
        { "models", With(Model, "launchDate", "\"2099-01-01\""), "launch date far in the future", ["launchDate"] },
        { "models", With(Model, "launchDate", "\"2023-02-30\""), "launch date that does not exist", ["launchDate"] },
        { "models", With(Model, "launchDate", "\"1900-01-01\""), "launch date before 1990", ["launchDate"] },
        { "models", With(Model, "partners", "[\"POLICE\", \"NGO\"]"), "unknown partner", ["partners[1]"] },
        { "models", With(Model, "replicatedFrom", "\"not-a-guid\""), "malformed replicatedFrom", ["replicatedFrom"] },
        { "models", With(Model, "secretField", "1"), "a field the contract does not have", ["secretField"] },
        { "models", "null", "a null body", ["body"] },
        { "models", "[]", "an array instead of an object", ["body"] },
        { "models", "{\"modelType\": ", "malformed JSON", ["body"] },
        { "patrols", With(Patrol, "participants", "0"), "zero participants", ["participants"] },
        { "patrols", With(Patrol, "participants", "-3"), "negative participants", ["participants"] },
        { "patrols", With(Patrol, "participants", "99999999999"), "participants beyond a 32-bit integer", ["participants"] },
        { "patrols", With(Patrol, "participants", "\"seven\""), "participants as text", ["participants"] },
        { "patrols", With(Patrol, "participants", "7.5"), "fractional participants", ["participants"] },
        { "patrols", With(Patrol, "inspections", "-1"), "negative inspections", ["inspections"] },
        { "patrols", With(Patrol, "casesDetected", "-1"), "negative cases", ["casesDetected"] },
        { "patrols", With(Patrol, "sanctions.fines", "-1"), "negative fines", ["sanctions.fines"] },
        { "patrols", With(Patrol, "inspections", "1000001"), "an absurd number of inspections", ["inspections"] },
        { "patrols", With(Patrol, "shiftEnd", "\"2023-05-06T18:00:00+07:00\""), "shift ending before it starts", ["shiftEnd"] },
        { "patrols", With(Patrol, "shiftEnd", "\"2099-05-06T23:00:00+07:00\""), "shift ending far in the future", ["shiftEnd"] },
        { "patrols", With(Patrol, "shiftStart", null), "shift start missing", ["shiftStart"] },
        { "patrols", With(Patrol, "shiftStart", "\"yesterday\""), "shift start that is not a date", ["shiftStart"] },
        { "patrols", With(Patrol, "sanctions", "{\"fines\":1,\"parking\":2}"), "an unknown sanction kind", ["sanctions.parking"] },
        { "commendations", With(Commendation, "decisionDate", "\"2099-01-01\""), "decision dated in the future", ["decisionDate"] },
        { "commendations", With(Commendation, "recipient.unitCode", "\"2725\""), "malformed recipient unit code", ["recipient.unitCode"] },
        { "commendations", With(Commendation, "recipient.name", null), "recipient name missing", ["recipient.name"] },
        { "commendations", With(Commendation, "form", "\"GOLD_MEDAL\""), "unknown form", ["form"] },
        { "commendations", With(Commendation, "issuer", "\"UNKNOWN\""), "unknown issuer", ["issuer"] },
        { "commendations", With(Commendation, "decisionNumber", $"\"{new string('9', 65)}\""), "decision number over 64 characters", ["decisionNumber"] },
        { "commendations", With(Commendation, "reason", "\"\""), "empty reason", ["reason"] },
        { "commendations", With(Commendation, "programId", "\"09\""), "program named by number alone", ["programId"] },
        // PostgreSQL's jsonb cannot hold U+0000: it was a 500 after validation; now the reader refuses it.
        { "models", With(Model, "name", "\"Tổ tự quản\\u0000H3\""), "a NUL character in the name", ["name"] },
        { "commendations", With(Commendation, "recipient.name", "\"Tổ\\u0007H3\""), "a control character in a nested name", ["recipient.name"] },
        { "models", With(Model, "partners", "[\"POLICE\\u0000\"]"), "a NUL character in an enum value", ["partners[0]"] },
        // Strictness docs/api.md promises: each of these was read leniently before.
        { "patrols", With(Patrol, "participants", "\"7\""), "participants as a numeric string", ["participants"] },
        { "patrols", With(Patrol, "sanctions.fines", "\"1\""), "fines as a numeric string", ["sanctions.fines"] },
        { "models", With(Model, "kind", "\"model\""), "kind in lower case", ["kind"] },
        { "models", With(Model, "kind", "\"GoodPractice\""), "kind as the CLR name", ["kind"] },
        { "models", With(Model, "kind", "\"1\""), "kind as a number in a string", ["kind"] },
        { "commendations", With(Commendation, "form", "\"certificate_of_merit\""), "form in lower case", ["form"] },
        { "patrols", With(Patrol, "shiftStart", "\"2023-05-06T19:00:00\""), "shift start without its UTC offset", ["shiftStart"] },
        { "patrols", With(Patrol, "shiftEnd", "\"2023-05-06\""), "shift end as a bare date", ["shiftEnd"] },
        { "reviews", With(Review, "figures", "[null]"), "a null element in a list of figures", ["figures[0]"] },
        { "reviews", With(Review, "figures", "[" + ReviewFigure.Replace("2013-01-01", "1980-01-01", StringComparison.Ordinal) + "]"), "a review figure counted from before 1990", ["figures[0].from"] },
    };

    private const string Review = """
        {"title":"Hội nghị sơ kết","kind":"INTERIM","heldOn":"2023-07-24","figures":[]}
        """;

    private const string ReviewFigure = """
        {"key":"F1","wording":"1.616 mô hình","measure":"MODELS_LAUNCHED","value":1616,"qualifier":"EXACT","scope":"01","from":"2013-01-01"}
        """;

    private string Route(string route) => route switch
    {
        "models" => "/api/v1/models",
        "patrols" => $"/api/v1/models/{_modelId}/patrols",
        "commendations" => "/api/v1/commendations",
        "reviews" => "/api/v1/reviews",
        _ => throw new ArgumentOutOfRangeException(nameof(route)),
    };

    [Theory]
    [MemberData(nameof(InvalidFields))]
    public async Task An_invalid_field_gets_400_naming_it_and_nothing_is_appended(string route, string body, string case_, string[] fields)
    {
        // Given
        var before = await api.EventCount();

        // When
        var response = await _client.PostAsync(Route(route), new StringContent(body, Encoding.UTF8, "application/json"));

        // Then
        var problem = await response.ShouldBeProblem(400);
        problem.Fields().Order().ShouldBe(fields.Order(), case_);
        (await api.EventCount()).ShouldBe(before);
    }

    [Theory]
    [InlineData("models", "text/plain")]
    [InlineData("patrols", "application/xml")]
    [InlineData("commendations", "application/x-www-form-urlencoded")]
    public async Task A_body_that_is_not_JSON_gets_415_and_nothing_is_appended(string route, string contentType)
    {
        var before = await api.EventCount();

        var response = await _client.PostAsync(Route(route), new StringContent(Model, Encoding.UTF8, contentType));

        await response.ShouldBeProblem(415);
        (await api.EventCount()).ShouldBe(before);
    }

    [Theory]
    [InlineData("models")]
    [InlineData("patrols")]
    [InlineData("commendations")]
    public async Task A_body_over_the_size_limit_gets_413_and_nothing_is_appended(string route)
    {
        var before = await api.EventCount();
        var huge = With(Model, "name", $"\"{new string('a', 70_000)}\"");

        var response = await _client.PostAsync(Route(route), new StringContent(huge, Encoding.UTF8, "application/json"));

        await response.ShouldBeProblem(413);
        (await api.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task A_body_that_is_not_UTF8_gets_400_and_nothing_is_appended()
    {
        var before = await api.EventCount();
        var bytes = Encoding.UTF8.GetBytes(Model).Select(b => b == (byte)'H' ? (byte)0xC3 : b).ToArray();
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new("application/json");

        var response = await _client.PostAsync(Route("models"), content);

        await response.ShouldBeProblem(400);
        (await api.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task Deeply_nested_JSON_gets_400_and_nothing_is_appended()
    {
        var before = await api.EventCount();
        var nested = Model.Replace("\"kind\"", $"\"partners\":{new string('[', 200)}{new string(']', 200)},\"kind\"", StringComparison.Ordinal);

        var response = await _client.PostAsync(Route("models"), new StringContent(nested, Encoding.UTF8, "application/json"));

        await response.ShouldBeProblem(400);
        (await api.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task A_malformed_model_id_in_the_route_gets_404()
    {
        var response = await _client.PostAsync("/api/v1/models/not-a-guid/patrols", new StringContent(Patrol, Encoding.UTF8, "application/json"));

        await response.ShouldBeProblem(404);
    }

    [Fact]
    public async Task A_command_on_the_nil_UUID_gets_404_and_nothing_is_appended()
    {
        // Given
        var before = await api.EventCount();

        // When
        var response = await _client.PostAsync($"/api/v1/models/{Guid.Empty}/patrols", new StringContent(Patrol, Encoding.UTF8, "application/json"));

        // Then
        var problem = await response.ShouldBeProblem(404);
        problem.GetProperty("type").GetString().ShouldBe("urn:bvantq:problem:not-found");
        (await api.EventCount()).ShouldBe(before);
    }

    public static TheoryData<string, string, string> InvalidQueries => new()
    {
        // url, what is wrong (for the test name), the parameter the 400 names
        { "/api/v1/provinces/79/statistics?asOf=garbage", "an unparseable asOf on province statistics", "asOf" },
        { "/api/v1/provinces/79/statistics?asOf=9999-12-31", "an asOf whose months overflow", "asOf" },
        { "/api/v1/provinces/79/statistics?knownAt=9999-12-31", "a knownAt whose end of day overflows", "knownAt" },
        { "/api/v1/provinces/79/model-figures?knownAt=9999-12-31", "a knownAt on model figures whose end of day overflows", "knownAt" },
        { "/api/v1/provinces/79/statistics?asOf=1989-12-31", "an asOf before 1990", "asOf" },
        { "/api/v1/audit/access-log?subject=%00", "a NUL character in a filter", "subject" },
        { "/api/v1/units/27259?at=2023-01-01%07", "a control character in a date", "at" },
        { "/api/v1/models?province=79&sort=name", "a sort the list does not have", "sort" },
        { "/api/v1/models?province=79&name=H3", "a name filter the list does not have", "name" },
        { "/api/v1/units/27259/statistics?from=2023-01-01&name=x", "a name filter on unit statistics", "name" },
        { "/api/v1/model-types?asOf=2023-01-01", "a parameter on a route that takes none", "asOf" },
    };

    [Theory]
    [MemberData(nameof(InvalidQueries))]
    public async Task An_invalid_query_gets_400_naming_the_parameter(string url, string case_, string parameter)
    {
        // When
        var response = await _client.GetAsync(url);

        // Then
        var problem = await response.ShouldBeProblem(400);
        problem.GetProperty("type").GetString().ShouldBe(Problems.ValidationType, case_);
        problem.Fields().ShouldBe([parameter], case_);
    }

    [Fact]
    public async Task A_query_parameter_is_matched_without_regard_to_case_as_it_is_bound()
    {
        // When
        var response = await _client.GetAsync("/api/v1/provinces/79/statistics?ASOF=2023-06-30");

        // Then
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("asOf").GetString().ShouldBe("2023-06-30");
    }

    [Fact]
    public async Task A_name_typed_with_combining_diacritics_is_stored_precomposed()
    {
        // Given: "Lê Hồng Nam" as macOS and some Vietnamese keyboards type it, base letters followed by combining marks
        var decomposed = "Lê Hồng Nam".Normalize(NormalizationForm.FormD);
        decomposed.ShouldNotBe("Lê Hồng Nam");

        // When
        var registered = await (await _client.PostJson("/api/v1/officials", new { name = decomposed })).Read<Recorded>();
        var official = await _client.GetStringAsync($"/api/v1/officials/{registered.Id}");

        // Then
        JsonDocument.Parse(official).RootElement.GetProperty("official").GetProperty("name").GetString().ShouldBe("Lê Hồng Nam".Normalize(NormalizationForm.FormC));
    }

    [Fact]
    public async Task A_review_titled_with_combining_diacritics_is_the_review_already_recorded_with_the_same_title_precomposed()
    {
        // Given
        var title = "Hội nghị sơ kết Chương trình phối hợp (Hồ Chí Minh)";
        var first = await (await _client.PostAsync(Route("reviews"), new StringContent(With(Review, "title", $"\"{title}\""), Encoding.UTF8, "application/json")))
            .Read<Recorded>();
        var before = await api.EventCount();

        // When
        var response = await _client.PostAsync(Route("reviews"),
            new StringContent(With(Review, "title", $"\"{title.Normalize(NormalizationForm.FormD)}\""), Encoding.UTF8, "application/json"));

        // Then
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await response.Read<Recorded>()).Id.ShouldBe(first.Id);
        (await api.EventCount()).ShouldBe(before);
    }

    [Theory]
    [InlineData("/api/v1/commendations/not-a-guid", false, 404)]
    [InlineData("/api/v1/provinces/7/statistics", false, 400)]
    [InlineData("/api/v1/models/{model}/patrols", true, 400)]
    public async Task An_error_is_a_problem_document_even_when_the_client_accepts_only_CSV(string url, bool withBody, int status)
    {
        // Given
        var request = new HttpRequestMessage(withBody ? HttpMethod.Post : HttpMethod.Get, url.Replace("{model}", _modelId.ToString(), StringComparison.Ordinal))
        {
            Content = withBody ? new StringContent(With(Patrol, "participants", "0"), Encoding.UTF8, "application/json") : null,
        };
        request.Headers.Accept.ParseAdd("text/csv");

        // When
        var response = await _client.SendAsync(request);

        // Then
        var problem = await response.ShouldBeProblem(status);
        problem.GetProperty("type").GetString().ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task A_statistics_client_asking_for_CSV_still_gets_CSV()
    {
        // Given
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/provinces/79/statistics?asOf=2023-06-30");
        request.Headers.Accept.ParseAdd("text/csv");

        // When
        var response = await _client.SendAsync(request);

        // Then
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("text/csv");
    }
}
