using EventSourced.Api.Modules.Models;

namespace EventSourced.Tests.Models;

/// <summary>DESIGN.md rule 5: a case is detected by the model and prosecuted later by an investigating body.</summary>
public class CaseRegisterTests
{
    private static readonly Guid CaseId = Guid.Parse("01900000-0000-7000-8000-0000000000ca");

    private static CaseDetected Detected(DateOnly on, Guid? patrolId = null) =>
        new(Given.ModelId, CaseId, Given.Ward13, on, "Q4-2023-0117", patrolId);

    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    [Fact]
    public void A_prosecution_needs_a_registered_detection_else_404()
    {
        var problem = RecordProsecutionEndpoint.Check(CaseId, RecordProsecution.Example, Given.Model());

        problem!.Status.ShouldBe(404);
    }

    [Fact]
    public void A_prosecution_before_the_detection_is_a_422_on_prosecutedOn()
    {
        var model = Given.Model(Detected(D(2023, 6, 14)));

        var problem = RecordProsecutionEndpoint.Check(CaseId, new RecordProsecution(D(2023, 6, 13), "CQCSĐT"), model);

        problem!.Status.ShouldBe(422);
        problem.Extensions["field"].ShouldBe("prosecutedOn");
    }

    [Fact]
    public void A_prosecution_after_the_model_was_discontinued_is_still_recorded()
    {
        var model = Given.Model(Detected(D(2023, 6, 14)), Given.Discontinued(D(2023, 7, 1)));
        var command = new RecordProsecution(D(2023, 8, 1), "Cơ quan Cảnh sát điều tra Công an Quận 4");

        RecordProsecutionEndpoint.Check(CaseId, command, model).ShouldBeNull();
        RecordProsecutionEndpoint.Decide(CaseId, command, model, Given.Ward13).Single().ProsecutedOn.ShouldBe(D(2023, 8, 1));
    }

    [Fact]
    public void Prosecuting_again_on_the_same_date_changes_nothing_and_on_another_date_is_a_409()
    {
        var model = Given.Model(Detected(D(2023, 6, 14)), new CaseProsecuted(Given.ModelId, CaseId, Given.Ward13, D(2023, 7, 3), "CQCSĐT"));

        RecordProsecutionEndpoint.Check(CaseId, RecordProsecution.Example, model).ShouldBeNull();
        RecordProsecutionEndpoint.Decide(CaseId, RecordProsecution.Example, model, Given.Ward13).ShouldBeEmpty();
        RecordProsecutionEndpoint.Check(CaseId, RecordProsecution.Example with { ProsecutedOn = D(2023, 7, 4) }, model)!.Status.ShouldBe(409);
    }

    [Fact]
    public void The_register_shows_detection_and_prosecution()
    {
        var model = Given.Model(Detected(D(2023, 6, 14)), new CaseProsecuted(Given.ModelId, CaseId, Given.Ward13, D(2023, 7, 3), "CQCSĐT"));

        model.Cases.Single().ShouldBe(new RegisteredCase(CaseId, "Q4-2023-0117", D(2023, 6, 14), null, D(2023, 7, 3), "CQCSĐT"));
    }

    [Fact]
    public void A_case_detected_on_a_recorded_shift_is_not_counted_twice()
    {
        var shift = Given.Patrol(cases: 1);
        var model = Given.Model(shift, Detected(D(2023, 5, 1), shift.PatrolId));

        model.Totals.CasesDetected.ShouldBe(1);
    }

    [Fact]
    public void A_case_detected_outside_a_shift_is_counted()
    {
        Given.Model(Detected(D(2023, 6, 14))).Totals.CasesDetected.ShouldBe(1);
    }

    [Fact]
    public void The_same_case_reported_again_on_the_same_date_changes_nothing_and_on_another_date_is_a_409()
    {
        var model = Given.Model(Detected(D(2023, 6, 14)));

        RecordDetectedCaseEndpoint.Decide(RecordDetectedCase.Example, model, Given.Ward13, Guid.NewGuid()).ShouldBeEmpty();
        RecordDetectedCaseEndpoint.Check(RecordDetectedCase.Example with { DetectedOn = D(2023, 6, 15) }, model)!.Status.ShouldBe(409);
    }

    [Theory]
    [InlineData("Nguyễn Văn A")]
    [InlineData("Tran Van B")]
    [InlineData("")]
    public void A_case_reference_that_could_be_a_name_is_rejected_on_caseReference(string reference)
    {
        var result = new RecordDetectedCaseValidator(Given.Clock()).Validate(RecordDetectedCase.Example with { CaseReference = reference });

        result.Errors.Select(e => e.PropertyName).ShouldBe(["caseReference"]);
    }
}
