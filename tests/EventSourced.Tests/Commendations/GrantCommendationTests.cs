using EventSourced.Api.Modules.Commendations;

namespace EventSourced.Tests.Commendations;

public class GrantCommendationTests
{
    private readonly GrantCommendationValidator _validator = new(Given.Clock());

    [Fact]
    public void Granting_yields_one_event_with_trimmed_names_and_the_decision()
    {
        var id = Guid.CreateVersion7();
        var command = GrantCommendation.Example with
        {
            Recipient = GrantCommendation.Example.Recipient with { Name = " Tổ tự quản chung cư H3 " },
        };

        var granted = GrantCommendationEndpoint.Decide(command, Given.Ward13, id);

        granted.CommendationId.ShouldBe(id);
        granted.Form.ShouldBe(CommendationForm.CertificateOfMerit);
        granted.Issuer.ShouldBe(IssuingOrganisation.ProvincialPeoplesCommittee);
        granted.Recipient.Name.ShouldBe("Tổ tự quản chung cư H3");
        granted.DecisionNumber.ShouldBe("4321/QĐ-UBND");
        granted.DecisionDate.ShouldBe(new DateOnly(2023, 8, 15));
    }

    [Fact]
    public void The_example_command_is_valid()
    {
        _validator.Validate(GrantCommendation.Example).IsValid.ShouldBeTrue();
    }

    [Theory]
    [InlineData("79")]
    [InlineData("773")]
    [InlineData("27259")]
    public void A_recipient_may_be_a_province_district_or_commune_level_unit(string code)
    {
        var command = GrantCommendation.Example with { Recipient = GrantCommendation.Example.Recipient with { UnitCode = code } };

        _validator.Validate(command).IsValid.ShouldBeTrue();
    }

    [Theory]
    [InlineData("7")]
    [InlineData("2725")]
    [InlineData("abcde")]
    public void A_malformed_recipient_unit_code_is_rejected_on_recipient_unitCode(string code)
    {
        var command = GrantCommendation.Example with { Recipient = GrantCommendation.Example.Recipient with { UnitCode = code } };

        _validator.Validate(command).Errors.Select(e => e.PropertyName).ShouldBe(["recipient.unitCode"]);
    }

    [Fact]
    public void A_decision_dated_in_the_future_is_rejected_on_decisionDate()
    {
        var result = _validator.Validate(GrantCommendation.Example with { DecisionDate = new DateOnly(2024, 1, 16) });

        result.Errors.Select(e => e.PropertyName).ShouldBe(["decisionDate"]);
    }

    [Fact]
    public void A_decision_number_over_64_characters_is_rejected_on_decisionNumber()
    {
        var result = _validator.Validate(GrantCommendation.Example with { DecisionNumber = new string('1', 65) + "/QĐ" });

        result.Errors.Select(e => e.PropertyName).ShouldBe(["decisionNumber"]);
    }

    [Fact]
    public void A_presenter_without_a_name_is_rejected_on_presenter_name()
    {
        var result = _validator.Validate(GrantCommendation.Example with { Presenter = new Presenter("", "Chủ tịch") });

        result.Errors.Select(e => e.PropertyName).ShouldBe(["presenter.name"]);
    }
}
