using EventSourced.Api.Modules.Statistics.Measures;
using EventSourced.Api.Modules.Reviews;

namespace EventSourced.Tests.Reviews;

/// <summary>Reported against computed: an exact figure matches an equal count, "hơn N" any count above N (rule 10).</summary>
public class ReconciliationTests
{
    private static ReportedFigure Reported(long value, Qualifier qualifier) =>
        new("F", "…", Measure.Shifts, value, qualifier, "773", new DateOnly(2023, 4, 1), null, null, null);

    [Theory]
    [InlineData(236, Qualifier.Exact, 236, ReconciliationStatus.Match, 0)]
    [InlineData(236, Qualifier.Exact, 235, ReconciliationStatus.Different, -1)]
    [InlineData(1600, Qualifier.MoreThan, 1634, ReconciliationStatus.Match, 34)]
    [InlineData(1600, Qualifier.MoreThan, 1600, ReconciliationStatus.Different, 0)]
    [InlineData(30000, Qualifier.MoreThan, 29999, ReconciliationStatus.Different, -1)]
    public void A_figure_matches_by_its_qualifier(long reported, Qualifier qualifier, long computed, ReconciliationStatus status, long difference)
    {
        var reconciled = GetReconciliationEndpoint.Reconcile(Reported(reported, qualifier), computed);

        reconciled.Status.ShouldBe(status);
        reconciled.Difference.ShouldBe(difference);
        reconciled.Computed.Exact.ShouldBe(computed);
    }

    [Fact]
    public void The_example_conference_is_valid()
    {
        new RecordReviewConferenceValidator(Given.Clock()).Validate(RecordReviewConference.Example).IsValid.ShouldBeTrue();
    }

    [Fact]
    public void A_coverage_figure_without_a_model_type_is_rejected()
    {
        var command = RecordReviewConference.Example with { Figures = [RecordReviewConference.Example.Figures[2] with { ModelType = null }] };

        new RecordReviewConferenceValidator(Given.Clock()).Validate(command).Errors.Select(e => e.PropertyName).ShouldBe(["figures[0].modelType"]);
    }

    [Fact]
    public void An_activity_figure_without_a_window_start_is_rejected()
    {
        var command = RecordReviewConference.Example with { Figures = [Reported(236, Qualifier.Exact) with { From = null }] };

        new RecordReviewConferenceValidator(Given.Clock()).Validate(command).Errors.Select(e => e.PropertyName).ShouldBe(["figures[0].from"]);
    }

    [Fact]
    public void A_province_figure_scoped_to_a_district_is_rejected()
    {
        var command = RecordReviewConference.Example with { Figures = [RecordReviewConference.Example.Figures[0] with { Scope = "001" }] };

        new RecordReviewConferenceValidator(Given.Clock()).Validate(command).Errors.Select(e => e.PropertyName).ShouldBe(["figures[0].scope"]);
    }

    [Fact]
    public void A_cluster_figure_is_scoped_to_the_clusters_code_not_a_unit()
    {
        var command = RecordReviewConference.Example with
        {
            Kind = ReviewKind.HalfYear,
            Figures = [new("F139", "Công an 5 thành phố thuộc cụm", Measure.ClusterMembers, 5, Qualifier.Exact, "bca-cum-1", null, null, null, null)],
        };

        new RecordReviewConferenceValidator(Given.Clock()).Validate(command).IsValid.ShouldBeTrue();
    }

    [Fact]
    public void The_same_title_and_date_are_the_same_conference()
    {
        RecordReviewConferenceEndpoint.Decide(RecordReviewConference.Example).ReviewId
            .ShouldBe(ReviewIds.For("  Hội nghị tổng kết 10 năm thực hiện Chương trình phối hợp số 09 (Hà Nội) ", new DateOnly(2023, 7, 24)));
    }
}
