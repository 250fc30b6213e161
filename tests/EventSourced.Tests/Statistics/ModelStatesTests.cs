using EventSourced.Api.Ledger;
using EventSourced.Api.Modules.Models;
using EventSourced.Api.Modules.Statistics;
using EventSourced.Api.Modules.Statistics.Measures;

namespace EventSourced.Tests.Statistics;

/// <summary>The model-state rows (ModelMeasures.States): where a model stands at every point of the two clocks, as rows
/// that do not overlap.</summary>
public class ModelStatesTests
{
    private static readonly DateOnly Open = StandingRule.Open;
    private static readonly UnitSnapshot Ward = new(Guid.Parse("00000000-0000-5000-8000-000000027259"), "27259", "Phường 13", "773", "Quận 4", "79", "Thành phố Hồ Chí Minh");

    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    /// <summary>Recorded at 09:00 in Vietnam on the day (or at the hour given).</summary>
    private static DateTimeOffset At(DateOnly day, int hour = 9) => new(day.ToDateTime(new TimeOnly(hour, 0)), TimeSpan.FromHours(7));

    private static ModelFacts Launched(DateOnly on, DateOnly? recorded = null) => new()
    {
        Id = Guid.NewGuid(),
        Unit = Ward,
        ModelType = "apartment-self-management-team",
        Launch = new TimedFact(on, At(recorded ?? on)),
    };

    private static ModelFacts Assessed(ModelFacts model, DateOnly on, AssessmentRating rating, DateTimeOffset? recordedAt = null) =>
        model with { Assessments = [.. model.Assessments, new TimedAssessment(on, recordedAt ?? At(on), rating)] };

    private static ModelStanding? Status(ModelFacts model, DateOnly asOf, DateOnly? knownAt) => StateRows.At(model, asOf, knownAt)?.Status;

    [Fact]
    public void A_model_launched_and_never_assessed_is_one_live_row_from_its_launch_as_known_from_its_recording()
    {
        ModelMeasures.States(Launched(D(2020, 1, 1), recorded: D(2020, 1, 3)))
            .ShouldBe([new ModelState(D(2020, 1, 1), Open, D(2020, 1, 3), Open, ModelStanding.Live)]);
    }

    [Fact]
    public void A_late_report_is_not_known_before_it_was_recorded_but_then_counts_from_its_business_date()
    {
        var model = Launched(D(2020, 1, 1), recorded: D(2023, 10, 1));

        Status(model, D(2023, 7, 24), knownAt: D(2023, 7, 24)).ShouldBeNull();
        Status(model, D(2020, 6, 1), knownAt: D(2023, 10, 1)).ShouldBe(ModelStanding.Live);
        Status(model, D(2019, 12, 31), knownAt: null).ShouldBeNull();
    }

    [Fact]
    public void An_effective_assessment_makes_the_model_effective_from_its_date_as_known_from_its_recording()
    {
        var model = Assessed(Launched(D(2015, 3, 1)), D(2016, 1, 1), AssessmentRating.Effective);

        ModelMeasures.States(model).ShouldBe([
            new ModelState(D(2015, 3, 1), D(2016, 1, 1), D(2015, 3, 1), Open, ModelStanding.Live),
            new ModelState(D(2016, 1, 1), Open, D(2015, 3, 1), D(2016, 1, 1), ModelStanding.Live),
            new ModelState(D(2016, 1, 1), Open, D(2016, 1, 1), Open, ModelStanding.Effective),
        ]);
    }

    [Fact]
    public void A_backdated_assessment_changes_the_past_only_as_known_from_its_recording()
    {
        // Assessed effective as of 2018, but recorded only in 2021.
        var model = Assessed(Launched(D(2015, 3, 1)), D(2018, 1, 1), AssessmentRating.Effective, At(D(2021, 6, 1)));

        Status(model, D(2019, 1, 1), knownAt: D(2020, 12, 31)).ShouldBe(ModelStanding.Live, "as the 2020 report knew it");
        Status(model, D(2019, 1, 1), knownAt: D(2021, 6, 1)).ShouldBe(ModelStanding.Effective, "as known once recorded");
        Status(model, D(2017, 12, 31), knownAt: null).ShouldBe(ModelStanding.Live, "before the assessment's date");
    }

    [Fact]
    public void A_downgrade_ends_effectiveness_from_its_date_and_a_later_upgrade_restores_it()
    {
        var model = Assessed(Assessed(Assessed(Launched(D(2015, 3, 1)),
            D(2016, 1, 1), AssessmentRating.Effective), D(2020, 1, 1), AssessmentRating.NotEffective), D(2022, 1, 1), AssessmentRating.Effective);

        Status(model, D(2019, 12, 31), knownAt: null).ShouldBe(ModelStanding.Effective);
        Status(model, D(2020, 1, 1), knownAt: null).ShouldBe(ModelStanding.Live);
        Status(model, D(2022, 1, 1), knownAt: null).ShouldBe(ModelStanding.Effective);
        Status(model, D(2021, 1, 1), knownAt: D(2019, 1, 1)).ShouldBe(ModelStanding.Effective, "the downgrade was not known yet");
    }

    [Fact]
    public void A_discontinued_model_is_discontinued_from_its_date_as_known_from_its_recording_whatever_its_assessments()
    {
        var model = Assessed(Launched(D(2015, 3, 1)), D(2016, 1, 1), AssessmentRating.Effective) with
        {
            Discontinuation = new TimedFact(D(2021, 5, 1), At(D(2021, 5, 2))),
        };

        Status(model, D(2021, 5, 1), knownAt: D(2021, 5, 1)).ShouldBe(ModelStanding.Effective, "recorded the next day");
        Status(model, D(2021, 5, 1), knownAt: D(2021, 5, 2)).ShouldBe(ModelStanding.Discontinued);
        Status(model, D(2021, 4, 30), knownAt: null).ShouldBe(ModelStanding.Effective);
        Status(model, D(2030, 1, 1), knownAt: null).ShouldBe(ModelStanding.Discontinued);
    }

    [Fact]
    public void Of_two_assessments_on_one_day_the_one_recorded_later_counts_even_when_recorded_the_same_day()
    {
        var sameDay = Assessed(Assessed(Launched(D(2015, 3, 1)),
            D(2016, 1, 1), AssessmentRating.NotEffective, At(D(2016, 1, 1), hour: 15)), D(2016, 1, 1), AssessmentRating.Effective, At(D(2016, 1, 1), hour: 10));
        var nextDay = Assessed(Assessed(Launched(D(2015, 3, 1)),
            D(2016, 1, 1), AssessmentRating.Effective), D(2016, 1, 1), AssessmentRating.NotEffective, At(D(2016, 1, 2)));

        Status(sameDay, D(2016, 1, 1), knownAt: D(2016, 1, 1)).ShouldBe(ModelStanding.Live, "the 15:00 NOT_EFFECTIVE was recorded after the 10:00 EFFECTIVE");
        Status(nextDay, D(2016, 6, 1), knownAt: D(2016, 1, 1)).ShouldBe(ModelStanding.Effective, "the correction was not recorded yet");
        Status(nextDay, D(2016, 6, 1), knownAt: D(2016, 1, 2)).ShouldBe(ModelStanding.Live);
    }

    [Fact]
    public void The_rows_agree_with_the_rule_at_every_point_of_random_histories_and_never_overlap()
    {
        // Deterministic: the same 200 histories every run.
        var random = new Random(20261202);
        var start = D(2015, 1, 1);
        DateOnly Day(int within) => start.AddDays(random.Next(within));
        for (var history = 0; history < 200; history++)
        {
            var launch = Day(100);
            var model = Launched(launch, recorded: launch.AddDays(random.Next(3) == 0 ? random.Next(200) : 0));
            for (var i = random.Next(5); i > 0; i--)
            {
                var on = launch.AddDays(random.Next(150));
                model = Assessed(model, on, random.Next(2) == 0 ? AssessmentRating.Effective : AssessmentRating.NotEffective,
                    At(on.AddDays(random.Next(3) == 0 ? random.Next(100) : 0), hour: random.Next(24)));
            }
            if (random.Next(3) == 0)
            {
                var on = launch.AddDays(random.Next(200));
                model = model with { Discontinuation = new TimedFact(on, At(on.AddDays(random.Next(50)))) };
            }

            for (var asOf = start.AddDays(-1); asOf < start.AddDays(400); asOf = asOf.AddDays(7))
            {
                foreach (var knownAt in new DateOnly?[] { null, start.AddDays(50), start.AddDays(120), start.AddDays(250), start.AddDays(random.Next(400)) })
                {
                    var expected = StandingRule.At(model.Launch, model.Assessments, model.Discontinuation, asOf, StandingRule.KnownDay(knownAt));
                    Status(model, asOf, knownAt).ShouldBe(expected switch
                    {
                        null => null,
                        Standing.Ended => ModelStanding.Discontinued,
                        Standing.Effective => ModelStanding.Effective,
                        _ => ModelStanding.Live,
                    }, $"history {history}, as of {asOf}, known at {knownAt}");
                }
            }
        }
    }
}
