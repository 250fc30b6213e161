using EventSourced.Api.Modules.Models;

namespace EventSourced.Tests.Models;

/// <summary>DESIGN.md rule 6: installations and decommissioning of cameras and recorders, with dates.</summary>
public class EquipmentTests
{
    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    private static EquipmentInstalled Installed(DateOnly on, int cameras, int recorders) =>
        new(Given.ModelId, Guid.NewGuid(), Given.Ward13, on, cameras, recorders);

    private static EquipmentDecommissioned Decommissioned(DateOnly on, int cameras, int recorders) =>
        new(Given.ModelId, Guid.NewGuid(), Given.Ward13, on, cameras, recorders);

    [Fact]
    public void Equipment_in_service_on_a_date_counts_what_was_installed_less_what_was_taken_out_by_then()
    {
        var model = Given.Model(Installed(D(2023, 5, 20), 8, 1), Installed(D(2023, 9, 1), 4, 1), Decommissioned(D(2023, 11, 2), 2, 0));

        model.EquipmentOn(D(2023, 5, 19)).ShouldBe((0, 0));
        model.EquipmentOn(D(2023, 6, 1)).ShouldBe((8, 1));
        model.EquipmentOn(D(2023, 12, 31)).ShouldBe((10, 2));
    }

    [Fact]
    public void Taking_out_more_than_was_in_service_on_that_date_is_a_422()
    {
        var model = Given.Model(Installed(D(2023, 5, 20), 8, 1));

        RecordEquipmentDecommissioningEndpoint.Check(new RecordEquipmentDecommissioning(D(2023, 6, 1), 9, 0), model)!.Status.ShouldBe(422);
        RecordEquipmentDecommissioningEndpoint.Check(new RecordEquipmentDecommissioning(D(2023, 5, 19), 1, 0), model)!.Status.ShouldBe(422);
        RecordEquipmentDecommissioningEndpoint.Check(new RecordEquipmentDecommissioning(D(2023, 6, 1), 8, 1), model).ShouldBeNull();
    }

    [Fact]
    public void A_late_report_of_an_earlier_decommissioning_may_not_leave_a_later_date_negative()
    {
        // 8 installed in May, 6 removed in October; a late report of removing 3 in June would leave -1 after October.
        var model = Given.Model(Installed(D(2023, 5, 20), 8, 0), Decommissioned(D(2023, 10, 1), 6, 0));

        RecordEquipmentDecommissioningEndpoint.Check(new RecordEquipmentDecommissioning(D(2023, 6, 1), 3, 0), model)!.Status.ShouldBe(422);
        RecordEquipmentDecommissioningEndpoint.Check(new RecordEquipmentDecommissioning(D(2023, 6, 1), 2, 0), model).ShouldBeNull();
    }

    [Fact]
    public void An_installation_of_nothing_is_rejected_on_cameras()
    {
        var result = new RecordEquipmentInstallationValidator(Given.Clock()).Validate(new RecordEquipmentInstallation(D(2023, 5, 20), 0, 0));

        result.Errors.Select(e => e.PropertyName).ShouldBe(["cameras"]);
    }

    [Fact]
    public void Inspections_and_sanctions_outside_shifts_add_to_the_totals()
    {
        var model = Given.Model(
            Given.Patrol(inspections: 2, sanctions: new SanctionCounts(1, 0, 0)),
            new InspectionsRecorded(Given.ModelId, Guid.NewGuid(), Given.Ward13, D(2023, 6, 12), 3),
            new SanctionsRecorded(Given.ModelId, Guid.NewGuid(), Given.Ward13, D(2023, 6, 12), new SanctionCounts(2, 1, 0)));

        model.Totals.Inspections.ShouldBe(5);
        model.Totals.Sanctions.ShouldBe(new SanctionCounts(3, 1, 0));
        model.Totals.PatrolShifts.ShouldBe(1);
    }
}
