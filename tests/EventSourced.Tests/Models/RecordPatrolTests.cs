using EventSourced.Api.Infrastructure;
using EventSourced.Api.Modules.Models;

namespace EventSourced.Tests.Models;

public class RecordPatrolTests
{
    private readonly RecordPatrolValidator _validator = new(Given.Clock());

    private static RecordPatrol Shift(DateTimeOffset start, DateTimeOffset end, int participants = 7) =>
        new(start, end, participants, 2, new SanctionCounts(1, 1, 0), 1);

    [Fact]
    public void A_shift_of_an_operating_model_is_recorded_in_the_models_unit()
    {
        // Given
        var model = Given.Model();
        var patrolId = Guid.CreateVersion7();

        // When
        var command = Shift(Given.At(2023, 5, 6, 19), Given.At(2023, 5, 6, 23));
        RecordPatrolEndpoint.Check(command, model).ShouldBeNull();
        var patrol = RecordPatrolEndpoint.Decide(command, model, Given.Ward13, patrolId);

        // Then
        patrol.ShouldBe(new PatrolRecorded(Given.ModelId, patrolId, Given.Ward13,
            Given.At(2023, 5, 6, 19), Given.At(2023, 5, 6, 23), 7, 2, new SanctionCounts(1, 1, 0), 1));
    }

    [Fact]
    public void A_shift_without_sanctions_records_zero_sanctions()
    {
        var command = new RecordPatrol(Given.At(2023, 5, 6, 19), Given.At(2023, 5, 6, 23), 3, 0, null, 0);

        RecordPatrolEndpoint.Decide(command, Given.Model(), Given.Ward13, Guid.CreateVersion7()).Sanctions.ShouldBe(SanctionCounts.None);
    }

    [Fact]
    public void A_discontinued_model_rejects_a_shift_on_or_after_its_discontinuation_with_409()
    {
        var model = Given.Model(Given.Discontinued(new DateOnly(2023, 9, 1)));

        var problem = RecordPatrolEndpoint.Check(Shift(Given.At(2023, 9, 1, 19), Given.At(2023, 9, 1, 22)), model);

        problem.ShouldNotBeNull();
        problem.Status.ShouldBe(409);
        problem.Type.ShouldBe(Problems.ConflictType);
        problem.Detail!.ShouldContain("discontinued on 2023-09-01");
    }

    [Fact]
    public void A_discontinued_model_still_takes_a_late_report_of_a_shift_before_its_discontinuation()
    {
        var model = Given.Model(Given.Discontinued(new DateOnly(2023, 9, 1)));

        RecordPatrolEndpoint.Check(Shift(Given.At(2023, 8, 31, 19), Given.At(2023, 8, 31, 22)), model).ShouldBeNull();
    }

    [Fact]
    public void A_shift_before_the_launch_date_is_rejected_with_422_on_shiftStart()
    {
        var problem = RecordPatrolEndpoint.Check(Shift(Given.At(2023, 3, 31, 19), Given.At(2023, 3, 31, 22)), Given.Model());

        problem.ShouldNotBeNull();
        problem.Status.ShouldBe(422);
        problem.Extensions["field"].ShouldBe("shiftStart");
    }

    [Fact]
    public void The_shift_date_is_the_date_in_Vietnam_not_in_UTC()
    {
        // 2023-03-31 18:00 UTC is 2023-04-01 01:00 in Vietnam: the launch day, so allowed.
        var start = new DateTimeOffset(2023, 3, 31, 18, 0, 0, TimeSpan.Zero);

        RecordPatrolEndpoint.Check(Shift(start, start.AddHours(3)), Given.Model()).ShouldBeNull();
    }

    [Fact]
    public void The_example_command_is_valid()
    {
        _validator.Validate(RecordPatrol.Example).IsValid.ShouldBeTrue();
    }

    [Fact]
    public void Zero_participants_is_rejected_on_participants()
    {
        var result = _validator.Validate(RecordPatrol.Example with { Participants = 0 });

        result.Errors.Select(e => e.PropertyName).ShouldBe(["participants"]);
    }

    [Fact]
    public void Negative_counts_are_rejected_on_each_field()
    {
        var result = _validator.Validate(RecordPatrol.Example with
        {
            Inspections = -1,
            CasesDetected = -2,
            Sanctions = new SanctionCounts(-1, 0, -3),
        });

        result.Errors.Select(e => e.PropertyName).Order().ShouldBe(["casesDetected", "inspections", "sanctions.fines", "sanctions.other"]);
    }

    [Fact]
    public void A_shift_ending_before_it_starts_is_rejected_on_shiftEnd()
    {
        var result = _validator.Validate(Shift(Given.At(2023, 5, 6, 23), Given.At(2023, 5, 6, 19)));

        result.Errors.Select(e => e.PropertyName).ShouldBe(["shiftEnd"]);
    }

    [Fact]
    public void A_shift_longer_than_a_day_is_rejected_on_shiftEnd()
    {
        var result = _validator.Validate(Shift(Given.At(2023, 5, 6, 19), Given.At(2023, 5, 7, 20)));

        result.Errors.Single().ErrorMessage.ShouldBe("A shift lasts at most 24 hours.");
    }

    [Fact]
    public void A_shift_ending_in_the_future_is_rejected_on_shiftEnd()
    {
        // The clock says 2024-01-15 10:00 in Vietnam.
        var result = _validator.Validate(Shift(Given.At(2024, 1, 15, 9), Given.At(2024, 1, 15, 11)));

        result.Errors.Select(e => e.PropertyName).ShouldBe(["shiftEnd"]);
        result.Errors.Single().ErrorMessage.ShouldContain("future");
    }

    [Fact]
    public void A_shift_that_ended_within_the_clock_skew_is_accepted()
    {
        var result = _validator.Validate(Shift(Given.At(2024, 1, 15, 6), Given.At(2024, 1, 15, 10).AddMinutes(4)));

        result.IsValid.ShouldBeTrue();
    }
}
