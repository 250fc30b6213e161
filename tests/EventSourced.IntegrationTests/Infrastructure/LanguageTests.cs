using System.Net.Http.Json;
using System.Text.Json;
using EventSourced.Api.Infrastructure;
using EventSourced.Api.Modules.Models;

namespace EventSourced.IntegrationTests.Infrastructure;

/// <summary>Issue 11, item 9: errors in Vietnamese when Accept-Language asks for it, English otherwise, same types.</summary>
public class LanguageTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    private static readonly RegisterModel BadModel = RegisterModel.Example with { ProvinceCode = "7", Name = "" };

    [Fact]
    public async Task A_validation_problem_asked_for_in_Vietnamese_has_Vietnamese_title_and_field_messages_and_the_same_type()
    {
        // Given
        var before = await api.EventCount();

        // When
        var response = await Send(BadModel, "vi-VN,vi;q=0.9,en;q=0.8");

        // Then
        var problem = await response.ShouldBeProblem(400);
        problem.GetProperty("type").GetString().ShouldBe(Problems.ValidationType);
        problem.GetProperty("title").GetString().ShouldBe("Yêu cầu có trường không hợp lệ.");
        problem.GetProperty("detail").GetString().ShouldBe("Xem 'errors': mỗi khóa là đường dẫn JSON của một trường bị lỗi.");
        Messages(problem, "provinceCode").ShouldBe(["'provinceCode' phải là mã tỉnh gồm 2 chữ số, ví dụ 79."]);
        Messages(problem, "name").ShouldBe(["'name' không được rỗng."]);
        (await api.EventCount()).ShouldBe(before);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("en-US")]
    [InlineData("fr-FR")]
    public async Task Without_a_request_for_Vietnamese_the_same_problem_is_in_English(string? acceptLanguage)
    {
        var response = await Send(BadModel, acceptLanguage);

        var problem = await response.ShouldBeProblem(400);
        problem.GetProperty("type").GetString().ShouldBe(Problems.ValidationType);
        problem.GetProperty("title").GetString().ShouldBe("The request has invalid fields.");
        Messages(problem, "provinceCode").ShouldBe(["'provinceCode' must be a 2-digit province code, e.g. 79."]);
        Messages(problem, "name").ShouldBe(["'name' must not be empty."]);
    }

    [Fact]
    public async Task A_bad_query_asked_for_in_Vietnamese_names_the_parameter_in_Vietnamese()
    {
        // When
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/units/773/statistics?from=2023-13-01&to=2023-12-31");
        request.Headers.AcceptLanguage.ParseAdd("vi-VN");
        var response = await _client.SendAsync(request);

        // Then
        var problem = await response.ShouldBeProblem(400);
        problem.GetProperty("type").GetString().ShouldBe(Problems.ValidationType);
        Messages(problem, "from").ShouldBe(["Bắt buộc: một ngày, dạng yyyy-MM-dd."]);
    }

    [Fact]
    public async Task Problems_written_outside_validation_are_translated_too_and_keep_their_type()
    {
        // Given: no token, and a body that is not JSON
        var anonymous = api.AnonymousClient();
        anonymous.DefaultRequestHeaders.AcceptLanguage.ParseAdd("vi");
        _client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("vi");

        // When
        var unauthenticated = await anonymous.GetAsync("/api/v1/model-types");
        var malformed = await _client.PostAsync("/api/v1/models", new StringContent("{\"name\":", System.Text.Encoding.UTF8, "application/json"));
        var unknownModel = await _client.GetAsync($"/api/v1/models/{Guid.NewGuid()}");

        // Then
        var refused = await unauthenticated.ShouldBeProblem(401);
        refused.GetProperty("type").GetString().ShouldBe(Problems.UnauthenticatedType);
        refused.GetProperty("title").GetString().ShouldBe("Cần xác thực.");
        refused.GetProperty("detail").GetString().ShouldBe("Hãy gửi bearer token của một bên phát hành được tin cậy trong tiêu đề Authorization.");
        var broken = await malformed.ShouldBeProblem(400);
        broken.GetProperty("title").GetString().ShouldBe("Yêu cầu có trường không hợp lệ.");
        broken.Fields().ShouldBe(["body"]);
        var missing = await unknownModel.ShouldBeProblem(404);
        missing.GetProperty("type").GetString().ShouldBe(Problems.NotFoundType);
        missing.GetProperty("title").GetString().ShouldBe("Không tìm thấy.");
    }

    private Task<HttpResponseMessage> Send(RegisterModel command, string? acceptLanguage)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/models") { Content = JsonContent.Create(command, options: ApiFactory.Json) };
        if (acceptLanguage is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Language", acceptLanguage);
        }
        return _client.SendAsync(request);
    }

    private static List<string?> Messages(JsonElement problem, string field) =>
        problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(m => m.GetString()).ToList();
}
