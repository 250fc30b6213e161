using EventSourced.Api.Ledger;
using EventSourced.Api.Modules.Models;
using EventSourced.Api.Modules.Programs;
using EventSourced.Api.Modules.Statistics;
using EventSourced.Api.Modules.Statistics.Measures;

namespace EventSourced.Tests.Statistics;

public class ProgramSummaryTests
{
    private static readonly CoordinationProgram Program478 = CoordinationProgram.Create(new ProgramRegistered(
        "hcmc-478-2013", "478", "Chương trình phối hợp số 478", ["Công an TP", "Ủy ban MTTQ TP"], "79", new DateOnly(2013, 1, 1), new DateOnly(2023, 12, 31),
        "national-09-2013", null));
    private static readonly UnitSnapshot Ward = new(Guid.Empty, "27259", "Phường 13", "773", "Quận 4", "79", "Thành phố Hồ Chí Minh");
    private static readonly DateTimeOffset Early = new(2010, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    private static ModelFacts Model(DateOnly launch, Guid? replicatedFrom = null, params TimedAssessment[] assessments) => new()
    {
        Id = Guid.NewGuid(),
        Unit = Ward,
        ModelType = "apartment-self-management-team",
        Launch = new TimedFact(launch, Early),
        ReplicatedFrom = replicatedFrom,
        Assessments = assessments,
    };

    private static readonly ActivityFigures NoActivity = new(
        Figure.Of(0), Figure.Of(0), Figure.Of(0), Figure.Of(0), Figure.Of(0), Figure.Of(0), Figure.Of(0), Figure.Of(0),
        Figure.Of(0), Figure.Of(0), Figure.Of(0), Figure.Of(0));

    private static readonly CommendationCounts NoCommendations = new(new Dictionary<string, Figure>(), new Dictionary<string, Figure>());

    [Fact]
    public void A_year_counts_its_launches_and_replications_and_the_models_effective_at_its_end()
    {
        var origin = Model(D(2014, 3, 1), null, new TimedAssessment(D(2015, 6, 1), Early, AssessmentRating.Effective));
        var models = new[] { origin, Model(D(2015, 2, 1), origin.Id), Model(D(2016, 1, 1)) };

        var year2015 = GetProgramSummaryEndpoint.Period("2015", D(2015, 1, 1), D(2015, 12, 31),
            StateRows.Count(models, new ModelWindow(D(2015, 1, 1), D(2015, 12, 31)), knownAt: null),
            StateRows.Count(models, new ModelWindow(Program478.From, D(2015, 12, 31)), knownAt: null), NoActivity, NoCommendations);

        year2015.ModelsLaunched.Exact.ShouldBe(1);
        year2015.ModelsReplicated.Exact.ShouldBe(1);
        year2015.ModelsEffective.Exact.ShouldBe(1, "the 2014 model, effective from mid-2015");
        year2015.CoverageByType["apartment-self-management-team"].Exact.ShouldBe(1, "one ward");
    }
}
