using EventSourced.Api.Modules.Units;

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

    private static UnitVersionRegistered New(string code, string name) => new(
        UnitIds.ForVersion(code, Reform), code, name, UnitLevel.Ward, Hcmc.Id, "79", "79", Reform, "Nghị quyết 1685/NQ-UBTVQH15", []);

    [Fact]
    public void A_merge_links_each_retired_ward_to_its_successor_and_the_new_ward_to_its_predecessors()
    {
        // Given
        var ward13 = Ward("27259", "Phường 13");
        var ward15 = Ward("27262", "Phường 15");
        var command = new RecordReform("Nghị quyết 1685/NQ-UBTVQH15", Reform, ["27259", "27262"],
            [new NewUnit("27259", "Phường Xóm Chiếu", UnitLevel.Ward, "79")],
            [new Transfer("27259", "27259", TransferKind.Whole), new Transfer("27262", "27259", TransferKind.Part)]);

        // When
        var (reform, retired, created) = RecordReformEndpoint.Decide(command,
            new Dictionary<string, AdministrativeUnit> { ["27259"] = ward13, ["27262"] = ward15 },
            [New("27259", "Phường Xóm Chiếu")],
            new Dictionary<string, AdministrativeUnit>());

        // Then
        var xomChieu = UnitIds.ForVersion("27259", Reform);
        reform.ReformId.ShouldBe(UnitIds.ForReform("Nghị quyết 1685/NQ-UBTVQH15", Reform));
        reform.Transfers.ShouldBe([
            new UnitTransfer(ward13.Id, "27259", xomChieu, "27259", TransferKind.Whole),
            new UnitTransfer(ward15.Id, "27262", xomChieu, "27259", TransferKind.Part),
        ]);
        retired.Select(r => (r.Code, r.RetiredOn, r.Successors.Single().UnitVersionId)).ShouldBe([
            ("27259", Reform, xomChieu), ("27262", Reform, xomChieu),
        ]);
        created.Single().Predecessors.ShouldBe([
            new UnitLink(ward13.Id, "27259", "Phường 13", TransferKind.Whole),
            new UnitLink(ward15.Id, "27262", "Phường 15", TransferKind.Part),
        ]);
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
