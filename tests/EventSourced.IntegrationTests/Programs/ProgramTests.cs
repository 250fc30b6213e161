using System.Net;
using EventSourced.Api.Modules.Models;
using EventSourced.Api.Modules.Programs;

namespace EventSourced.IntegrationTests.Programs;

public class ProgramTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task The_programs_are_listed_with_their_parties_scope_and_succession()
    {
        var programs = await (await _client.GetAsync("/api/v1/programs")).Read<List<CoordinationProgram>>();

        programs.Select(p => p.ProgramId).ShouldBe(["national-09-2013", "hcmc-478-2013", "national-2023-2033"], ignoreOrder: true);
        var hcmc = programs.Single(p => p.ProgramId == "hcmc-478-2013");
        (hcmc.Number, hcmc.ProvinceCode, hcmc.Implements).ShouldBe(("478", "79", "national-09-2013"));
        hcmc.Parties.ShouldContain("Ủy ban MTTQ Việt Nam Thành phố Hồ Chí Minh");
        programs.Single(p => p.ProgramId == "national-2023-2033").Succeeds.ShouldBe("national-09-2013");
    }

    [Fact]
    public async Task Registering_the_same_program_again_answers_200_and_with_other_details_409()
    {
        var before = await api.EventCount();

        (await _client.PostJson("/api/v1/programs", RegisterProgram.Example)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await _client.PostJson("/api/v1/programs", RegisterProgram.Example with { Number = "479" })).ShouldBeProblem(409);
        (await api.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task A_program_implementing_an_unregistered_program_answers_422_on_implements()
    {
        var response = await _client.PostJson("/api/v1/programs", RegisterProgram.Example with { ProgramId = "dn-01-2014", Implements = "national-99-2013" });

        (await response.ShouldBeProblem(422)).GetProperty("field").GetString().ShouldBe("implements");
    }

    [Fact]
    public async Task A_model_naming_an_unregistered_program_answers_422_on_programId_and_appends_nothing()
    {
        var before = await api.EventCount();

        var response = await _client.PostJson("/api/v1/models", RegisterModel.Example with { ProgramId = "national-09-2011" });

        (await response.ShouldBeProblem(422)).GetProperty("field").GetString().ShouldBe("programId");
        (await api.EventCount()).ShouldBe(before);
    }
}
