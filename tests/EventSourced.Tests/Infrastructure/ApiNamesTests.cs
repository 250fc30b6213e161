using EventSourced.Api.Infrastructure;
using EventSourced.Api.Modules.Commendations;
using EventSourced.Api.Modules.Reference;

namespace EventSourced.Tests.Infrastructure;

public class ApiNamesTests
{
    [Theory]
    [InlineData(Organisation.FatherlandFront, "FATHERLAND_FRONT")]
    [InlineData(Organisation.Police, "POLICE")]
    [InlineData(Organisation.WomensUnion, "WOMENS_UNION")]
    public void Enum_values_are_upper_snake_case_on_the_wire(Organisation value, string wire)
    {
        ApiNames.Of(value).ShouldBe(wire);
        ApiNames.TryParse<Organisation>(wire, out var parsed).ShouldBeTrue();
        parsed.ShouldBe(value);
    }

    [Theory]
    [InlineData("FatherlandFront")]
    [InlineData("police")]
    [InlineData("1")]
    public void Only_the_wire_spelling_parses(string text)
    {
        ApiNames.TryParse<Organisation>(text, out _).ShouldBeFalse();
    }

    [Fact]
    public void Certificate_names_read_as_the_glossary_translates_them()
    {
        ApiNames.Of(CommendationForm.CertificateOfMerit).ShouldBe("CERTIFICATE_OF_MERIT");
        ApiNames.Of(CommendationForm.CertificateOfCommendation).ShouldBe("CERTIFICATE_OF_COMMENDATION");
    }
}
