using EventSourced.Api.Modules.Commendations;

namespace EventSourced.Tests.Commendations;

/// <summary>Rule 7: which forms an issuer may grant is dated reference data.</summary>
public class CommendationAuthorityTests
{
    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    private static readonly CommendationAuthorities Authorities = CommendationAuthorities
        .Create(new CommendationAuthorityRecorded(IssuingOrganisation.ProvincialPeoplesCommittee, CommendationForm.CertificateOfMerit, D(2008, 8, 1), null, "Luật"))
        .Apply(new CommendationAuthorityRecorded(IssuingOrganisation.DistrictPolice, CommendationForm.CertificateOfCommendation, D(2008, 8, 1), D(2025, 7, 1), "Luật"));

    [Fact]
    public void An_issuer_may_grant_a_form_only_while_its_authority_holds()
    {
        Authorities.Allows(IssuingOrganisation.DistrictPolice, CommendationForm.CertificateOfCommendation, D(2025, 6, 30)).ShouldBeTrue();
        Authorities.Allows(IssuingOrganisation.DistrictPolice, CommendationForm.CertificateOfCommendation, D(2025, 7, 1)).ShouldBeFalse();
        Authorities.Allows(IssuingOrganisation.DistrictPolice, CommendationForm.CertificateOfCommendation, D(2008, 7, 31)).ShouldBeFalse();
    }

    [Fact]
    public void An_issuer_may_not_grant_a_form_it_has_no_authority_for()
    {
        Authorities.Allows(IssuingOrganisation.ProvincialPeoplesCommittee, CommendationForm.CertificateOfCommendation, D(2023, 1, 1)).ShouldBeFalse();
        Authorities.Allows(IssuingOrganisation.ProvincialPolice, CommendationForm.CertificateOfMerit, D(2023, 1, 1)).ShouldBeFalse();
    }

    [Fact]
    public void Recording_an_authority_again_as_it_is_changes_nothing_and_recording_its_end_replaces_it()
    {
        var same = new RecordCommendationAuthority(IssuingOrganisation.ProvincialPeoplesCommittee, CommendationForm.CertificateOfMerit, D(2008, 8, 1), null, "Luật");
        RecordCommendationAuthorityEndpoint.Decide(same, Authorities).ShouldBeEmpty();

        var ended = Authorities.Apply(RecordCommendationAuthorityEndpoint.Decide(same with { ValidTo = D(2030, 1, 1) }, Authorities).Single());
        ended.Authorities.Count.ShouldBe(2);
        ended.Allows(IssuingOrganisation.ProvincialPeoplesCommittee, CommendationForm.CertificateOfMerit, D(2030, 1, 1)).ShouldBeFalse();
    }
}
