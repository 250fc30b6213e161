using EventSourced.Api.Modules.Models;
using EventSourced.Api.Modules.Reference;

namespace EventSourced.Tests.Models;

public class RegisterModelTests
{
    private readonly RegisterModelValidator _validator = new(Given.Clock());

    [Fact]
    public void Registering_yields_one_event_with_the_given_id_and_the_command_values()
    {
        // Given
        var id = Guid.CreateVersion7();
        var command = RegisterModel.Example with { Name = "  Tổ tự quản chung cư H3 Hoàng Diệu  " };

        // When
        var registered = RegisterModelEndpoint.Decide(command, Given.Ward13, id);

        // Then
        registered.ModelId.ShouldBe(id);
        registered.Name.ShouldBe("Tổ tự quản chung cư H3 Hoàng Diệu");
        registered.Unit.ShouldBe(Given.Ward13);
        registered.LaunchDate.ShouldBe(new DateOnly(2023, 4, 1));
        registered.ProgramId.ShouldBe("hcmc-478-2013");
    }

    [Fact]
    public void Partners_are_listed_once_and_never_repeat_the_lead_organisation()
    {
        var command = RegisterModel.Example with
        {
            LeadOrganisation = Organisation.Police,
            Partners = [Organisation.Police, Organisation.YouthUnion, Organisation.YouthUnion, Organisation.WomensUnion],
        };

        var registered = RegisterModelEndpoint.Decide(command, Given.Ward13, Guid.CreateVersion7());

        registered.Partners.ShouldBe([Organisation.YouthUnion, Organisation.WomensUnion]);
    }

    [Fact]
    public void The_example_command_is_valid()
    {
        _validator.Validate(RegisterModel.Example).IsValid.ShouldBeTrue();
    }

    [Theory]
    [InlineData("unknown-type", "modelType")]
    [InlineData("", "modelType")]
    public void An_unknown_model_type_is_rejected_on_modelType(string type, string field)
    {
        var result = _validator.Validate(RegisterModel.Example with { ModelType = type });

        result.Errors.Select(e => e.PropertyName).ShouldContain(field);
    }

    [Theory]
    [InlineData("2725", "unitCode")]
    [InlineData("27259a", "unitCode")]
    [InlineData("79", "unitCode")]
    public void A_unit_code_that_is_not_five_digits_is_rejected_on_unitCode(string code, string field)
    {
        var result = _validator.Validate(RegisterModel.Example with { UnitCode = code });

        result.Errors.Select(e => e.PropertyName).ShouldBe([field]);
    }

    [Theory]
    [InlineData("7")]
    [InlineData("079")]
    [InlineData("HN")]
    public void A_province_code_that_is_not_two_digits_is_rejected_on_provinceCode(string code)
    {
        var result = _validator.Validate(RegisterModel.Example with { ProvinceCode = code });

        result.Errors.Select(e => e.PropertyName).ShouldBe(["provinceCode"]);
    }

    [Fact]
    public void A_launch_date_more_than_a_year_ahead_is_rejected_on_launchDate()
    {
        var result = _validator.Validate(RegisterModel.Example with { LaunchDate = new DateOnly(2025, 6, 1) });

        result.Errors.Select(e => e.PropertyName).ShouldBe(["launchDate"]);
    }

    [Fact]
    public void A_launch_date_within_the_coming_year_is_accepted()
    {
        _validator.Validate(RegisterModel.Example with { LaunchDate = new DateOnly(2024, 6, 1) }).IsValid.ShouldBeTrue();
    }

    [Fact]
    public void A_name_over_500_characters_is_rejected_on_name()
    {
        var result = _validator.Validate(RegisterModel.Example with { Name = new string('ệ', 501) });

        result.Errors.Select(e => e.PropertyName).ShouldBe(["name"]);
    }

    [Fact]
    public void An_unknown_program_is_rejected_on_programId()
    {
        var result = _validator.Validate(RegisterModel.Example with { ProgramId = "09" });

        result.Errors.Select(e => e.PropertyName).ShouldBe(["programId"]);
    }

    [Fact]
    public void An_undefined_lead_organisation_value_is_rejected_on_leadOrganisation()
    {
        var result = _validator.Validate(RegisterModel.Example with { LeadOrganisation = (Organisation)99 });

        result.Errors.Select(e => e.PropertyName).ShouldBe(["leadOrganisation"]);
    }
}
