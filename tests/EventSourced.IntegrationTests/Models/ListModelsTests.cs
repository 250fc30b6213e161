using System.Runtime.CompilerServices;
using EventSourced.Api.Modules.Models;
using EventSourced.Api.Modules.Reference;

namespace EventSourced.IntegrationTests.Models;

public class ListModelsTests(ApiFactory api) : IClassFixture<ApiFactory>, IAsyncLifetime
{
    /// <summary>The models every test here lists, registered once per host (xunit makes a class instance per test).</summary>
    private sealed record Registered(IReadOnlyList<Guid> Hcmc, Guid Hanoi);

    private static readonly ConditionalWeakTable<ApiFactory, Task<Registered>> Seeded = new();

    private readonly HttpClient _client = api.CreateClient();
    private IReadOnlyList<Guid> _hcmc = [];
    private Guid _hanoi;

    public async Task InitializeAsync()
    {
        var seeded = await Seeded.GetValue(api, _ => Seed(_client));
        (_hcmc, _hanoi) = (seeded.Hcmc, seeded.Hanoi);
    }

    private static async Task<Registered> Seed(HttpClient client) => new(
        [
            await client.RegisteredModel(unit: "27259", type: "apartment-self-management-team", lead: Organisation.Police),
            await client.RegisteredModel(unit: "27259", type: "security-cameras", lead: Organisation.FatherlandFront),
            await client.RegisteredModel(unit: "27262", type: "security-cameras", lead: Organisation.Police),
            await client.RegisteredModel(unit: "27265", type: "self-managed-boarding-houses", lead: Organisation.YouthUnion),
        ],
        await client.RegisteredModel(province: "01", unit: "00004", type: "security-cameras", lead: Organisation.Police));

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<Page<SecurityModel>> List(string query) => await (await _client.GetAsync($"/api/v1/models?{query}")).Read<Page<SecurityModel>>();

    [Fact]
    public async Task Filtering_by_province_lists_only_its_models_in_registration_order()
    {
        var page = await List("province=79");

        page.Items.Select(m => m.Id).ShouldBe(_hcmc);
        page.NextCursor.ShouldBeNull();
    }

    [Fact]
    public async Task Filters_combine_unit_type_and_lead_organisation()
    {
        (await List("province=79&type=security-cameras")).Items.Select(m => m.Id).ShouldBe([_hcmc[1], _hcmc[2]]);
        (await List("province=79&type=security-cameras&lead=POLICE")).Items.Select(m => m.Id).ShouldBe([_hcmc[2]]);
        (await List("unit=27259")).Items.Select(m => m.Id).ShouldBe([_hcmc[0], _hcmc[1]]);
        (await List("lead=POLICE&type=security-cameras")).Items.Select(m => m.Id).ShouldBe([_hcmc[2], _hanoi]);
    }

    [Fact]
    public async Task Pages_follow_the_cursor_until_the_last_page()
    {
        var first = await List("province=79&limit=3");
        var second = await List($"province=79&limit=3&cursor={first.NextCursor}");

        first.Items.Select(m => m.Id).ShouldBe(_hcmc.Take(3));
        first.NextCursor.ShouldNotBeNull();
        second.Items.Select(m => m.Id).ShouldBe([_hcmc[3]]);
        second.NextCursor.ShouldBeNull();
    }

    [Theory]
    [InlineData("province=7", "province")]
    [InlineData("unit=2725", "unit")]
    [InlineData("type=no-such-type", "type")]
    [InlineData("lead=Police", "lead")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=201", "limit")]
    [InlineData("cursor=not-a-cursor", "cursor")]
    public async Task A_bad_filter_answers_400_naming_it(string query, string field)
    {
        var response = await _client.GetAsync($"/api/v1/models?{query}");

        (await response.ShouldBeProblem(400)).Fields().ShouldBe([field]);
    }
}
