using EventSourced.Api.Infrastructure;
using EventSourced.Api.Modules.Reference;

namespace EventSourced.IntegrationTests.Infrastructure;

/// <summary>
/// Issue 13, item 2: each read binds its query once, to a record its validator checks. These pin the answers the
/// hand-written checks gave, field by field and word for word, so moving a rule cannot change what a caller is told.
/// </summary>
public class QueryRecordTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.ClientAs(Access.Roles, Jurisdiction.National);

    public static TheoryData<string, string, string> BadQueries => new()
    {
        // route and query, the field at fault, what it is told
        { "/api/v1/units/2726/history", "code", "Must be a 2-, 3- or 5-digit unit code." },
        { "/api/v1/units/27262/history?from=2023-13-01", "from", Dates.QueryDateMessage },
        { "/api/v1/units/27262/history?to=1989-12-31", "to", Dates.QueryDateMessage },
        { "/api/v1/units/27262/history?from=2024-01-02&to=2024-01-01", "to", "Must not be before 'from'." },
        { "/api/v1/units/27262/history?types=patrol_deleted,model_assessed,x", "types", "Unknown event types: patrol_deleted, x." },
        { "/api/v1/units/27262/history?types=,", "types", "Unknown event types: ." },
        { "/api/v1/units/27262/history?cursor=-1", "cursor", "Not a cursor this API returned." },
        { "/api/v1/units/27262/history?limit=0", "limit", "Must be between 1 and 200." },
        { "/api/v1/units/27262/history?limit=201", "limit", "Must be between 1 and 200." },
        { "/api/v1/units/x/export", "code", "Must be a 2-, 3- or 5-digit unit code." },
        { "/api/v1/units/27262/export?from=2024-02-30", "from", Dates.QueryDateMessage },
        { "/api/v1/units/27262/export?from=2024-01-02&to=2024-01-01", "to", "Must not be before 'from'." },
        { "/api/v1/units/2726/statistics?from=2024-01-01", "code", "Must be a 2-, 3- or 5-digit unit code." },
        { "/api/v1/units/27262/statistics", "from", "Required: a date, yyyy-MM-dd." },
        { "/api/v1/units/27262/statistics?from=2024-13-01", "from", "Required: a date, yyyy-MM-dd." },
        { "/api/v1/units/27262/statistics?from=2024-01-01&to=3000-01-01", "to", Dates.QueryDateMessage },
        { "/api/v1/units/27262/statistics?from=2024-01-02&to=2024-01-01", "to", "Must not be before 'from'." },
        { "/api/v1/units/27262/statistics?from=2024-01-01&knownAt=yesterday", "knownAt", Dates.QueryDateMessage },
        { "/api/v1/units/27262/statistics?from=2024-01-01&asOf=2024-1-1", "asOf", Dates.QueryDateMessage },
        { "/api/v1/units/27262/statistics?from=2024-01-01&type=karaoke-club", "type", "Not a known model type; see GET /api/v1/model-types." },
        { "/api/v1/units/27262/statistics?from=2024-01-01&restate=original", "restate", "The only restatement is 'current'." },
        { "/api/v1/provinces/790/statistics", "provinceCode", "Must be a 2-digit province code, e.g. 79." },
        { "/api/v1/provinces/79/statistics?asOf=2024-02-30", "asOf", Dates.QueryDateMessage },
        { "/api/v1/provinces/79/statistics?knownAt=x", "knownAt", Dates.QueryDateMessage },
        { "/api/v1/provinces/79/statistics?asOf=2024-01-01&from=2024-01-02", "from", "Must be a date, yyyy-MM-dd, not after 'asOf'." },
        { "/api/v1/provinces/79/statistics?from=x", "from", "Must be a date, yyyy-MM-dd, not after 'asOf'." },
        { "/api/v1/provinces/7/model-figures", "provinceCode", "Must be a 2-digit province code." },
        { "/api/v1/provinces/79/model-figures?asOf=x", "asOf", Dates.QueryDateMessage },
        { "/api/v1/provinces/79/model-figures?knownAt=x", "knownAt", Dates.QueryDateMessage },
        { "/api/v1/provinces/79/model-figures?from=x", "from", Dates.QueryDateMessage },
        { "/api/v1/provinces/790/catalogue", "provinceCode", "Must be a 2-digit province code." },
        { "/api/v1/provinces/79/catalogue?asOf=1989-12-31", "asOf", Dates.QueryDateMessage },
        { "/api/v1/provinces/79/catalogue?knownAt=x", "knownAt", Dates.QueryDateMessage },
        { "/api/v1/models?province=790", "province", "Must be a 2-digit province code." },
        { "/api/v1/models?unit=2726", "unit", "Must be a 5-digit commune-level unit code." },
        { "/api/v1/models?type=karaoke-club", "type", "Not a known model type; see GET /api/v1/model-types." },
        { "/api/v1/models?lead=police", "lead", $"Must be one of {string.Join(", ", ApiNames.All<Organisation>())}." },
        { "/api/v1/models?cursor=123", "cursor", "Not a cursor this API returned." },
        { "/api/v1/models?limit=0", "limit", "Must be between 1 and 200." },
        { "/api/v1/models/0195f0a4-0000-7000-8000-000000000000?asOf=x", "asOf", Dates.QueryDateMessage },
        { "/api/v1/models/0195f0a4-0000-7000-8000-000000000000?knownAt=2024-04-31", "knownAt", Dates.QueryDateMessage },
        { "/api/v1/models/0195f0a4-0000-7000-8000-000000000000?version=0", "version", "Must be 1 or more." },
    };

    [Theory]
    [MemberData(nameof(BadQueries))]
    public async Task A_bad_query_value_is_a_400_naming_the_parameter_with_the_same_message(string url, string field, string message)
    {
        // Given a query with one value at fault
        // When it is read
        var problem = await (await _client.GetAsync(url)).ShouldBeProblem(400);

        // Then the validation problem names that parameter alone, in the words the route always used
        problem.GetProperty("type").GetString().ShouldBe(Problems.ValidationType);
        problem.Fields().ShouldBe([field]);
        problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(m => m.GetString()).ShouldBe([message]);
    }

    [Theory]
    [InlineData("/api/v1/units/1/history?from=2023-13-01&limit=500&cursor=x", new[] { "code", "from", "cursor", "limit" })]
    [InlineData("/api/v1/units/1/export?from=2023-13-01&to=2023-13-02", new[] { "code", "from", "to" })]
    [InlineData("/api/v1/units/1/statistics?from=2024-01-02&to=2024-01-01&type=x&restate=y", new[] { "code", "type", "restate" })]
    [InlineData("/api/v1/units/27262/statistics?to=x&knownAt=x&asOf=x", new[] { "from", "to", "knownAt", "asOf" })]
    [InlineData("/api/v1/provinces/79/statistics?asOf=x&knownAt=x&from=2999-01-01", new[] { "asOf", "knownAt", "from" })]
    [InlineData("/api/v1/provinces/79/model-figures?asOf=x&knownAt=x&from=x", new[] { "asOf", "knownAt", "from" })]
    [InlineData("/api/v1/provinces/7/catalogue?asOf=x&knownAt=x", new[] { "provinceCode", "asOf", "knownAt" })]
    [InlineData("/api/v1/models?province=7&unit=7&type=x&lead=x&cursor=x&limit=999", new[] { "province", "unit", "type", "lead", "cursor", "limit" })]
    public async Task Every_bad_query_value_is_named_at_once(string url, string[] fields)
    {
        // Given a query with several values at fault
        // When it is read
        var problem = await (await _client.GetAsync(url)).ShouldBeProblem(400);

        // Then each is named in the one answer
        problem.Fields().Order().ShouldBe(fields.Order());
    }

    [Theory]
    [InlineData("/api/v1/units/27262/history?limit=abc", "limit")]
    [InlineData("/api/v1/units/27262/history?lineage=maybe", "lineage")]
    [InlineData("/api/v1/units/27262/export?lineage=maybe", "lineage")]
    [InlineData("/api/v1/models?limit=1.5", "limit")]
    [InlineData("/api/v1/models/0195f0a4-0000-7000-8000-000000000000?version=x", "version")]
    public async Task A_value_that_does_not_parse_as_its_type_is_a_400_naming_the_parameter(string url, string parameter)
    {
        // Given a number or flag that is neither
        // When it is read
        var problem = await (await _client.GetAsync(url)).ShouldBeProblem(400);

        // Then the answer names the parameter, as every query did before it was bound to a record
        problem.GetProperty("parameter").GetString().ShouldBe(parameter);
    }
}
