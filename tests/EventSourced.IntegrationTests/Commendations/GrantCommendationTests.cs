using System.Net;
using EventSourced.Api.Modules.Commendations;

namespace EventSourced.IntegrationTests.Commendations;

public class GrantCommendationTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    [Fact]
    public async Task A_granted_commendation_answers_201_and_reads_back_with_presenter_and_recipient()
    {
        // Given
        var modelId = await _client.RegisteredModel();
        var command = GrantCommendation.Example with
        {
            Recipient = GrantCommendation.Example.Recipient with { ModelId = modelId },
        };

        // When
        var response = await _client.PostJson("/api/v1/commendations", command);

        // Then
        response.StatusCode.ShouldBe(HttpStatusCode.Created);
        var commendation = await (await _client.GetAsync(response.Headers.Location)).Read<Commendation>();
        commendation.Form.ShouldBe(CommendationForm.CertificateOfMerit);
        commendation.Issuer.ShouldBe(IssuingOrganisation.ProvincialPeoplesCommittee);
        commendation.Presenter.ShouldBe(new Presenter("Nguyễn Văn Dũng", "Phó Chủ tịch UBND Thành phố"));
        commendation.Recipient.ShouldBe(new Recipient(RecipientKind.Collective, "Tổ tự quản chung cư H3 Hoàng Diệu", "27259", modelId));
        commendation.DecisionNumber.ShouldBe("4321/QĐ-UBND");
        commendation.DecisionDate.ShouldBe(new DateOnly(2023, 8, 15));
        commendation.ProgramId.ShouldBe("hcmc-478-2013");
    }

    [Fact]
    public async Task A_commendation_for_an_unknown_model_answers_422_on_recipient_modelId_and_appends_nothing()
    {
        var before = await api.EventCount();
        var command = GrantCommendation.Example with
        {
            Recipient = GrantCommendation.Example.Recipient with { ModelId = Guid.CreateVersion7() },
        };

        var response = await _client.PostJson("/api/v1/commendations", command);

        (await response.ShouldBeProblem(422)).GetProperty("field").GetString().ShouldBe("recipient.modelId");
        (await api.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task An_individual_can_be_commended_without_a_model()
    {
        var command = GrantCommendation.Example with
        {
            Form = CommendationForm.CertificateOfCommendation,
            Issuer = IssuingOrganisation.ProvincialPolice,
            Recipient = new Recipient(RecipientKind.Individual, "Trần Thị Bình", "27259", null),
        };

        var response = await _client.PostJson("/api/v1/commendations", command);

        var commendation = await (await _client.GetAsync(response.Headers.Location)).Read<Commendation>();
        commendation.Recipient.Kind.ShouldBe(RecipientKind.Individual);
        commendation.Form.ShouldBe(CommendationForm.CertificateOfCommendation);
    }

    [Theory]
    [InlineData(IssuingOrganisation.ProvincialPeoplesCommittee, CommendationForm.CertificateOfCommendation, "2023-08-15", "the city People's Committee grants Bằng khen")]
    [InlineData(IssuingOrganisation.ProvincialPolice, CommendationForm.CertificateOfMerit, "2023-08-15", "the city police grant Giấy khen")]
    [InlineData(IssuingOrganisation.DistrictPolice, CommendationForm.CertificateOfCommendation, "2025-07-02", "no district police after 2025-07-01")]
    public async Task A_form_the_issuer_could_not_grant_on_the_decision_date_answers_422_on_form_and_appends_nothing(
        IssuingOrganisation issuer, CommendationForm form, string decided, string why)
    {
        var before = await api.EventCount();
        var command = GrantCommendation.Example with
        {
            Issuer = issuer,
            Form = form,
            DecisionDate = DateOnly.Parse(decided, System.Globalization.CultureInfo.InvariantCulture),
            ProgramId = null,
        };

        var response = await _client.PostJson("/api/v1/commendations", command);

        (await response.ShouldBeProblem(422)).GetProperty("field").GetString().ShouldBe("form", why);
        (await api.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task The_authorities_in_force_are_listed_with_their_dates()
    {
        var authorities = await (await _client.GetAsync("/api/v1/commendation-authorities")).Read<List<CommendationAuthority>>();

        authorities.Count.ShouldBe(7);
        authorities.Single(a => a.Issuer == IssuingOrganisation.DistrictPeoplesCommittee).ValidTo.ShouldBe(new DateOnly(2025, 7, 1));
    }

    [Fact]
    public async Task An_unknown_commendation_answers_404()
    {
        await (await _client.GetAsync($"/api/v1/commendations/{Guid.CreateVersion7()}")).ShouldBeProblem(404);
    }
}
