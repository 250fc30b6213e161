using EventSourced.Api.Modules.Models;
using EventSourced.Api.Modules.Reference;

namespace EventSourced.Tests.Models;

/// <summary>DESIGN.md rule 3: a model is effective at D when its latest assessment on or before D says EFFECTIVE and it
/// is not discontinued at D.</summary>
public class AssessModelTests
{
    private static ModelAssessed Assessed(int year, int month, int day, AssessmentRating rating) =>
        AssessModelEndpoint.Decide(new AssessModel(new DateOnly(year, month, day), rating, Organisation.Police, null), Given.Model(), Given.Ward13, Guid.NewGuid());

    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    [Fact]
    public void A_model_rated_effective_is_effective_from_that_date_on()
    {
        var model = Given.Model(Assessed(2021, 6, 1, AssessmentRating.Effective));

        model.IsEffectiveOn(D(2021, 5, 31)).ShouldBeFalse();
        model.IsEffectiveOn(D(2021, 6, 1)).ShouldBeTrue();
        model.IsEffectiveOn(D(2023, 7, 24)).ShouldBeTrue();
    }

    [Fact]
    public void A_model_once_rated_effective_and_later_downgraded_is_not_effective_after_the_downgrade()
    {
        // The trap: "ever rated effective" would count it.
        var model = Given.Model(Assessed(2020, 1, 10, AssessmentRating.Effective), Assessed(2022, 3, 1, AssessmentRating.NotEffective));

        model.IsEffectiveOn(D(2021, 12, 31)).ShouldBeTrue();
        model.IsEffectiveOn(D(2023, 7, 24)).ShouldBeFalse();
    }

    [Fact]
    public void A_downgrade_dated_after_the_as_of_date_does_not_change_it()
    {
        // The trap: "latest regardless of date" would not count it on 2023-07-24.
        var model = Given.Model(Assessed(2023, 1, 5, AssessmentRating.Effective), Assessed(2023, 9, 15, AssessmentRating.NotEffective));

        model.IsEffectiveOn(D(2023, 7, 24)).ShouldBeTrue();
        model.IsEffectiveOn(D(2023, 9, 15)).ShouldBeFalse();
    }

    [Fact]
    public void A_late_report_takes_its_place_by_date_not_by_arrival()
    {
        // Recorded in this order: 2023 effective first, then a backdated 2021 not-effective report.
        var model = Given.Model(Assessed(2023, 1, 5, AssessmentRating.Effective), Assessed(2021, 2, 1, AssessmentRating.NotEffective));

        model.Assessments.Select(a => a.AssessedOn).ShouldBe([D(2021, 2, 1), D(2023, 1, 5)]);
        model.IsEffectiveOn(D(2023, 7, 24)).ShouldBeTrue();
        model.IsEffectiveOn(D(2022, 1, 1)).ShouldBeFalse();
    }

    [Fact]
    public void Of_two_assessments_on_one_day_the_one_recorded_later_counts()
    {
        var model = Given.Model(Assessed(2023, 5, 5, AssessmentRating.NotEffective), Assessed(2023, 5, 5, AssessmentRating.Effective));

        model.IsEffectiveOn(D(2023, 5, 5)).ShouldBeTrue();
    }

    [Fact]
    public void A_discontinued_model_is_not_effective_whatever_its_last_rating()
    {
        var model = Given.Model(Assessed(2022, 1, 1, AssessmentRating.Effective), Given.Discontinued(D(2023, 3, 1)));

        model.IsEffectiveOn(D(2023, 2, 28)).ShouldBeTrue();
        model.IsEffectiveOn(D(2023, 7, 24)).ShouldBeFalse();
    }

    [Fact]
    public void A_model_never_assessed_is_not_effective()
    {
        Given.Model().IsEffectiveOn(D(2023, 7, 24)).ShouldBeFalse();
    }

    [Fact]
    public void An_assessment_before_the_launch_is_a_422_on_assessedOn()
    {
        var problem = AssessModelEndpoint.Check(new AssessModel(D(2023, 3, 1), AssessmentRating.Effective, Organisation.Police, null), Given.Model());

        problem!.Status.ShouldBe(422);
        problem.Extensions["field"].ShouldBe("assessedOn");
    }

    [Fact]
    public void An_assessment_on_or_after_the_discontinuation_is_a_409()
    {
        var model = Given.Model(Given.Discontinued(D(2023, 9, 1)));

        AssessModelEndpoint.Check(new AssessModel(D(2023, 9, 1), AssessmentRating.Effective, Organisation.Police, null), model)!.Status.ShouldBe(409);
    }

    [Fact]
    public void An_assessment_dated_in_the_future_is_rejected_on_assessedOn()
    {
        var result = new AssessModelValidator(Given.Clock()).Validate(AssessModel.Example with { AssessedOn = D(2024, 2, 1) });

        result.Errors.Select(e => e.PropertyName).ShouldBe(["assessedOn"]);
    }
}
