using EventSourced.Api.Modules.Units;

namespace EventSourced.Tests.Units;

public class RegisterUnitTests
{
    private readonly RegisterUnitValidator _validator = new();

    [Theory]
    [InlineData("79", UnitLevel.Province, true)]
    [InlineData("773", UnitLevel.District, true)]
    [InlineData("27259", UnitLevel.Ward, true)]
    [InlineData("27259", UnitLevel.District, false)]
    [InlineData("773", UnitLevel.Ward, false)]
    [InlineData("7", UnitLevel.Province, false)]
    public void A_code_must_fit_its_level(string code, UnitLevel level, bool fits)
    {
        UnitCodes.FitsLevel(code, level).ShouldBe(fits);
    }

    [Theory]
    [InlineData(UnitLevel.Province, UnitLevel.District, true)]
    [InlineData(UnitLevel.District, UnitLevel.Ward, true)]
    [InlineData(UnitLevel.Province, UnitLevel.Ward, true)]
    [InlineData(UnitLevel.Ward, UnitLevel.Ward, false)]
    [InlineData(UnitLevel.District, UnitLevel.District, false)]
    public void Districts_hang_under_provinces_and_commune_level_units_under_either(UnitLevel parent, UnitLevel child, bool allowed)
    {
        UnitCodes.CanParent(parent, child).ShouldBe(allowed);
    }

    [Fact]
    public void A_province_with_a_parent_is_rejected_on_parentCode()
    {
        var result = _validator.Validate(new RegisterUnit("79", "Thành phố Hồ Chí Minh", UnitLevel.Province, "01", new DateOnly(1976, 7, 2), null));

        result.Errors.Select(e => e.PropertyName).ShouldBe(["parentCode"]);
    }

    [Fact]
    public void A_ward_without_a_parent_is_rejected_on_parentCode()
    {
        var result = _validator.Validate(RegisterUnit.Example with { ParentCode = null });

        result.Errors.Select(e => e.PropertyName).ShouldBe(["parentCode"]);
    }

    [Fact]
    public void The_same_code_and_start_always_give_the_same_version_id()
    {
        UnitIds.ForVersion("27259", new DateOnly(2025, 7, 1)).ShouldBe(UnitIds.ForVersion("27259", new DateOnly(2025, 7, 1)));
        UnitIds.ForVersion("27259", new DateOnly(2025, 7, 1)).ShouldNotBe(UnitIds.ForVersion("27259", new DateOnly(2020, 2, 1)));
        UnitIds.ForVersion("27259", new DateOnly(2025, 7, 1)).ToString()[14].ShouldBe('5');
    }

    [Fact]
    public void Registering_takes_the_province_from_the_parent()
    {
        var district = AdministrativeUnit.Create(new UnitVersionRegistered(
            Guid.NewGuid(), "773", "Quận 4", UnitLevel.District, Guid.NewGuid(), "79", "79", new DateOnly(1976, 5, 20), null, []));

        var registered = RegisterUnitEndpoint.Decide(RegisterUnit.Example, district);

        registered.ProvinceCode.ShouldBe("79");
        registered.ParentId.ShouldBe(district.Id);
        registered.UnitVersionId.ShouldBe(UnitIds.ForVersion("27259", new DateOnly(2020, 2, 1)));
    }
}
