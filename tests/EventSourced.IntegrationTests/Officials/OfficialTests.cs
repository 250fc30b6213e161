using EventSourced.Api.Infrastructure;
using EventSourced.Api.Modules.Commendations;
using EventSourced.Api.Modules.Officials;

namespace EventSourced.IntegrationTests.Officials;

public class OfficialTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    private async Task<Guid> Director()
    {
        var id = (await (await _client.PostJson("/api/v1/officials", RegisterOfficial.Example)).Read<Recorded>()).Id;
        await _client.PostJson($"/api/v1/officials/{id}/ranks", new RecordOfficialRank("Thiếu tướng", new DateOnly(2020, 1, 1)));
        await _client.PostJson($"/api/v1/officials/{id}/ranks", new RecordOfficialRank("Trung tướng", new DateOnly(2023, 7, 1)));
        await _client.PostJson($"/api/v1/officials/{id}/positions", RecordOfficialPosition.Example);
        return id;
    }

    [Fact]
    public async Task An_official_answers_with_the_rank_and_position_held_on_the_date()
    {
        var id = await Director();

        var may = await (await _client.GetAsync($"/api/v1/officials/{id}?at=2023-05-31")).Read<OfficialView>();
        var december = await (await _client.GetAsync($"/api/v1/officials/{id}?at=2023-12-25")).Read<OfficialView>();

        may.Rank.ShouldBe("Thiếu tướng");
        december.Rank.ShouldBe("Trung tướng");
        december.Position!.Organisation.ShouldBe("Công an Thành phố Hồ Chí Minh");
    }

    [Fact]
    public async Task A_commendation_presented_by_a_registered_official_records_the_rank_held_on_its_decision_date()
    {
        // Given
        var id = await Director();
        async Task<Commendation> Granted(DateOnly decided)
        {
            var response = await _client.PostJson("/api/v1/commendations", GrantCommendation.Example with
            {
                Form = CommendationForm.CertificateOfCommendation,
                Issuer = IssuingOrganisation.ProvincialPolice,
                DecisionDate = decided,
                Presenter = new Presenter("Lê Hồng Nam", null, id),
            });
            return await (await _client.GetAsync(response.Headers.Location)).Read<Commendation>();
        }

        // When
        var may = await Granted(new DateOnly(2023, 5, 31));
        var december = await Granted(new DateOnly(2023, 12, 25));

        // Then
        may.Presenter.ShouldBe(new Presenter("Lê Hồng Nam", "Giám đốc, Công an Thành phố Hồ Chí Minh", id, "Thiếu tướng"));
        december.Presenter!.Rank.ShouldBe("Trung tướng");
    }

    [Fact]
    public async Task A_presenter_whose_name_is_not_the_officials_answers_422_on_presenter_officialId_and_appends_nothing()
    {
        var id = await Director();
        var before = await api.EventCount();

        var response = await _client.PostJson("/api/v1/commendations", GrantCommendation.Example with { Presenter = new Presenter("Nguyễn Văn Dũng", null, id) });

        (await response.ShouldBeProblem(422)).GetProperty("field").GetString().ShouldBe("presenter.officialId");
        (await api.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task A_rank_stated_in_the_body_answers_400_on_presenter_rank()
    {
        var response = await _client.PostJson("/api/v1/commendations", GrantCommendation.Example with { Presenter = new Presenter("Nguyễn Văn Dũng", null, null, "Đại tướng") });

        (await response.ShouldBeProblem(400)).Fields().ShouldBe(["presenter.rank"]);
    }

    [Fact]
    public async Task An_unknown_official_answers_404()
    {
        await (await _client.GetAsync($"/api/v1/officials/{Guid.CreateVersion7()}")).ShouldBeProblem(404);
        await (await _client.PostJson($"/api/v1/officials/{Guid.CreateVersion7()}/ranks", RecordOfficialRank.Example)).ShouldBeProblem(404);
    }
}
