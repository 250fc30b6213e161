using EventSourced.Api.Infrastructure;
using EventSourced.Api.Modules.Units;
using Microsoft.AspNetCore.Mvc;

namespace EventSourced.Tests.Units;

public class RecordReformTests
{
    private static readonly DateOnly Reform = new(2025, 7, 1);

    private static AdministrativeUnit Ward(string code, string name) => AdministrativeUnit.Create(new UnitVersionRegistered(
        UnitIds.ForVersion(code, new DateOnly(2020, 2, 1)), code, name, UnitLevel.Ward, UnitIds.ForVersion("773", new DateOnly(1976, 5, 20)), "773",
        "79", new DateOnly(2020, 2, 1), null, []));

    private static readonly AdministrativeUnit Hcmc = AdministrativeUnit.Create(new UnitVersionRegistered(
        UnitIds.ForVersion("79", new DateOnly(1976, 7, 2)), "79", "Thành phố Hồ Chí Minh", UnitLevel.Province, null, null, "79",
        new DateOnly(1976, 7, 2), null, []));

    private static readonly AdministrativeUnit Quan4 = AdministrativeUnit.Create(new UnitVersionRegistered(
        UnitIds.ForVersion("773", new DateOnly(1976, 5, 20)), "773", "Quận 4", UnitLevel.District, Hcmc.Id, "79", "79",
        new DateOnly(1976, 5, 20), null, []));

    private static readonly AdministrativeUnit Ward13 = Ward("27259", "Phường 13");
    private static readonly AdministrativeUnit Ward15 = Ward("27262", "Phường 15");
    private static readonly AdministrativeUnit Ward16 = Ward("27265", "Phường 16");

    /// <summary>The units as Load reads them: by code the day before and on the effective date, and those under the retiring ones.</summary>
    private static ReformContext Units(AdministrativeUnit[] dayBefore, AdministrativeUnit[] onEffectiveDate, params AdministrativeUnit[] underRetiring) =>
        new(dayBefore.ToDictionary(u => u.Code), onEffectiveDate.ToDictionary(u => u.Code), underRetiring);

    /// <summary>The units the example reform meets: its three wards, and Ward 13 and the city in force on the effective date.</summary>
    private static ReformContext ExampleUnits(params AdministrativeUnit[] alsoOnEffectiveDate) =>
        Units([Ward13, Ward15, Ward16], [Ward13, Hcmc, .. alsoOnEffectiveDate]);

    private static void ShouldBeRuleViolated(ProblemDetails? problem, string field, string detail)
    {
        problem.ShouldNotBeNull();
        problem.Status.ShouldBe(422);
        problem.Type.ShouldBe(Problems.RuleViolatedType);
        problem.Extensions["field"].ShouldBe(field);
        problem.Detail.ShouldBe(detail);
    }

    [Fact]
    public void A_merge_links_each_retired_ward_to_its_successor_and_the_new_ward_to_its_predecessors()
    {
        // Given
        var command = new RecordReform("Nghị quyết 1685/NQ-UBTVQH15", Reform, ["27259", "27262"],
            [new NewUnit("27259", "Phường Xóm Chiếu", UnitLevel.Ward, "79")],
            [new Transfer("27259", "27259", TransferKind.Whole), new Transfer("27262", "27259", TransferKind.Part)]);

        // When
        var (reform, retired, created) = RecordReformEndpoint.Decide(command, Units([Ward13, Ward15], [Ward13, Hcmc]));

        // Then
        var xomChieu = UnitIds.ForVersion("27259", Reform);
        reform.ReformId.ShouldBe(UnitIds.ForReform("Nghị quyết 1685/NQ-UBTVQH15", Reform));
        reform.Transfers.ShouldBe([
            new UnitTransfer(Ward13.Id, "27259", xomChieu, "27259", TransferKind.Whole),
            new UnitTransfer(Ward15.Id, "27262", xomChieu, "27259", TransferKind.Part),
        ]);
        retired.Select(r => (r.Code, r.RetiredOn, r.Successors.Single().UnitVersionId)).ShouldBe([
            ("27259", Reform, xomChieu), ("27262", Reform, xomChieu),
        ]);
        created.Single().Predecessors.ShouldBe([
            new UnitLink(Ward13.Id, "27259", "Phường 13", TransferKind.Whole),
            new UnitLink(Ward15.Id, "27262", "Phường 15", TransferKind.Part),
        ]);
    }

    [Fact]
    public void The_example_reform_breaks_no_rule_against_the_units_in_force()
    {
        // Given
        var units = ExampleUnits();

        // When
        var problem = RecordReformEndpoint.Check(RecordReform.Example, units);

        // Then
        problem.ShouldBeNull();
    }

    [Fact]
    public void A_code_to_retire_that_no_unit_bears_the_day_before_answers_422_on_retire()
    {
        // Given
        var units = Units([Ward13, Ward15], [Ward13, Hcmc]);

        // When
        var problem = RecordReformEndpoint.Check(RecordReform.Example, units);

        // Then
        ShouldBeRuleViolated(problem, "retire", "No unit with code 27265 is in force on 2025-06-30 to retire.");
    }

    [Fact]
    public void A_unit_another_reform_already_retires_cannot_be_retired_again()
    {
        // Given: Phường 16 is in force the day before, but a reform recorded earlier retires it on the same day.
        var retiredElsewhere = Ward16.Apply(new UnitVersionRetired(Ward16.Id, "27265", Reform, Guid.Empty, "Nghị quyết khác", []));
        var units = Units([Ward13, Ward15, retiredElsewhere], [Ward13, Hcmc]);

        // When
        var problem = RecordReformEndpoint.Check(RecordReform.Example, units);

        // Then
        ShouldBeRuleViolated(problem, "retire", "No unit with code 27265 is in force on 2025-06-30 to retire.");
    }

    [Fact]
    public void Creating_a_code_that_stays_in_force_answers_422_on_create()
    {
        // Given: Phường 13 is not retired, yet the reform creates its code.
        var command = RecordReform.Example with
        {
            Retire = ["27262", "27265"],
            Transfers = [new Transfer("27262", "27259", TransferKind.Whole), new Transfer("27265", "27259", TransferKind.Part)],
        };
        var units = Units([Ward15, Ward16], [Ward13, Hcmc]);

        // When
        var problem = RecordReformEndpoint.Check(command, units);

        // Then
        ShouldBeRuleViolated(problem, "create", "Code 27259 stays in force; retire it to reuse the code.");
    }

    [Fact]
    public void A_parent_neither_created_nor_in_force_answers_422_on_create()
    {
        // Given: no province bears code 79 on the effective date.
        var units = Units([Ward13, Ward15, Ward16], [Ward13]);

        // When
        var problem = RecordReformEndpoint.Check(RecordReform.Example, units);

        // Then
        ShouldBeRuleViolated(problem, "create", "Parent 79 of 27259 is not a unit that can hold it on 2025-07-01.");
    }

    [Fact]
    public void A_parent_of_a_level_that_cannot_hold_the_unit_answers_422_on_create()
    {
        // Given: Phường 18 stays in force, and a ward cannot hold a ward.
        var ward18 = Ward("27268", "Phường 18");
        var command = RecordReform.Example with { Create = [new NewUnit("27259", "Phường Xóm Chiếu", UnitLevel.Ward, "27268")] };

        // When
        var problem = RecordReformEndpoint.Check(command, ExampleUnits(ward18));

        // Then
        ShouldBeRuleViolated(problem, "create", "Parent 27268 of 27259 is not a unit that can hold it on 2025-07-01.");
    }

    [Fact]
    public void A_parent_retired_by_the_same_reform_cannot_hold_a_new_unit()
    {
        // Given: Quận 4 is in force on the effective date as the database sees it, but this reform retires it.
        var command = RecordReform.Example with
        {
            Retire = [.. RecordReform.Example.Retire, "773"],
            Create = [new NewUnit("27259", "Phường Xóm Chiếu", UnitLevel.Ward, "773")],
            Transfers = [.. RecordReform.Example.Transfers, new Transfer("773", "27259", TransferKind.Part)],
        };
        var units = Units([Ward13, Ward15, Ward16, Quan4], [Ward13, Quan4, Hcmc]);

        // When
        var problem = RecordReformEndpoint.Check(command, units);

        // Then
        ShouldBeRuleViolated(problem, "create", "Parent 773 of 27259 is not a unit that can hold it on 2025-07-01.");
    }

    [Fact]
    public void A_transfer_to_a_code_neither_created_nor_in_force_answers_422_on_transfers()
    {
        // Given
        var command = RecordReform.Example with { Transfers = [.. RecordReform.Example.Transfers, new Transfer("27265", "27268", TransferKind.Part)] };

        // When
        var problem = RecordReformEndpoint.Check(command, ExampleUnits());

        // Then
        ShouldBeRuleViolated(problem, "transfers", "Transfer target 27268 is neither created by the reform nor in force on 2025-07-01.");
    }

    [Fact]
    public void A_unit_left_under_a_retired_parent_answers_422_on_retire_naming_it()
    {
        // Given: the district level goes, Phường 13 is retired with Quận 4, but Phường 15 under it is not.
        var command = new RecordReform("Nghị quyết 1685/NQ-UBTVQH15", Reform, ["773", "27259"],
            [new NewUnit("27259", "Phường Xóm Chiếu", UnitLevel.Ward, "79")],
            [new Transfer("773", "27259", TransferKind.Part), new Transfer("27259", "27259", TransferKind.Whole)]);
        var units = Units([Quan4, Ward13], [Ward13, Hcmc], underRetiring: [Ward13, Ward15]);

        // When
        var problem = RecordReformEndpoint.Check(command, units);

        // Then
        ShouldBeRuleViolated(problem, "retire", "Units 27262 would stay under a retired parent; retire and re-create them too.");
    }

    [Fact]
    public void A_ward_created_under_a_province_created_by_the_same_reform_takes_its_version_and_province()
    {
        // Given
        var command = new RecordReform("Nghị quyết 202/2025/QH15", Reform, ["27259"],
            [new NewUnit("80", "Tỉnh thử nghiệm", UnitLevel.Province, null), new NewUnit("27259", "Phường Xóm Chiếu", UnitLevel.Ward, "80")],
            [new Transfer("27259", "27259", TransferKind.Whole)]);
        var units = Units([Ward13], [Ward13]);

        // When
        RecordReformEndpoint.Check(command, units).ShouldBeNull();
        var (_, _, created) = RecordReformEndpoint.Decide(command, units);

        // Then
        created.Select(c => (c.Code, c.ParentId, c.ParentCode, c.ProvinceCode)).ShouldBe([
            ("80", null, null, "80"), ("27259", UnitIds.ForVersion("80", Reform), "80", "80"),
        ]);
    }

    [Fact]
    public void A_transfer_to_a_unit_that_stays_links_the_retired_ward_to_that_version()
    {
        // Given: Phường 16 is split, part to the new Xóm Chiếu and part to Phường 18, which stays.
        var ward18 = Ward("27268", "Phường 18");
        var command = RecordReform.Example with { Transfers = [.. RecordReform.Example.Transfers, new Transfer("27265", "27268", TransferKind.Part)] };

        // When
        RecordReformEndpoint.Check(command, ExampleUnits(ward18)).ShouldBeNull();
        var (reform, retired, _) = RecordReformEndpoint.Decide(command, ExampleUnits(ward18));

        // Then
        retired.Single(r => r.Code == "27265").Successors.ShouldBe([
            new UnitLink(UnitIds.ForVersion("27259", Reform), "27259", "Phường Xóm Chiếu", TransferKind.Part),
            new UnitLink(ward18.Id, "27268", "Phường 18", TransferKind.Part),
        ]);
        reform.Transfers[^1].ShouldBe(new UnitTransfer(Ward16.Id, "27265", ward18.Id, "27268", TransferKind.Part));
    }

    [Fact]
    public void A_version_is_in_force_from_its_first_day_until_the_day_before_it_was_retired()
    {
        var ward = Ward("27259", "Phường 13").Apply(new UnitVersionRetired(
            Guid.Empty, "27259", Reform, Guid.Empty, "Nghị quyết 1685/NQ-UBTVQH15", []));

        ward.InForceOn(new DateOnly(2020, 1, 31)).ShouldBeFalse();
        ward.InForceOn(new DateOnly(2020, 2, 1)).ShouldBeTrue();
        ward.InForceOn(new DateOnly(2025, 6, 30)).ShouldBeTrue();
        ward.InForceOn(Reform).ShouldBeFalse();
    }

    [Fact]
    public void Every_retired_unit_must_hand_its_territory_on()
    {
        var command = RecordReform.Example with { Transfers = [new Transfer("27259", "27259", TransferKind.Whole)] };

        var result = new RecordReformValidator().Validate(command);

        result.Errors.Select(e => e.PropertyName).ShouldBe(["transfers"]);
    }

    [Fact]
    public void A_transfer_from_a_unit_that_is_not_retired_is_rejected()
    {
        var command = RecordReform.Example with { Transfers = [.. RecordReform.Example.Transfers, new Transfer("27268", "27259", TransferKind.Part)] };

        new RecordReformValidator().Validate(command).Errors.Single().ErrorMessage.ShouldBe("Transfers go from retired units only.");
    }

    [Fact]
    public void The_example_reform_is_valid()
    {
        new RecordReformValidator().Validate(RecordReform.Example).IsValid.ShouldBeTrue();
    }
}
