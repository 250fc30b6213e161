using EventSourced.Api.Modules.Commendations;
using EventSourced.Api.Modules.Models;
using EventSourced.Api.Modules.Reference;
using EventSourced.Api.Modules.Statistics;

namespace EventSourced.Tests.Statistics;

public class ProvinceStatisticsProjectionTests
{
    [Fact]
    public void Models_are_counted_by_kind_type_and_lead_organisation()
    {
        // Given
        var statistics = new ProvinceStatistics { Id = "79" };

        // When
        ProvinceStatisticsProjection.Apply(Given.Registered(), statistics);
        ProvinceStatisticsProjection.Apply(Given.Registered() with { Kind = ModelKind.GoodPractice, ModelType = "security-cameras" }, statistics);
        ProvinceStatisticsProjection.Apply(Given.Registered() with { LeadOrganisation = Organisation.FatherlandFront }, statistics);

        // Then
        statistics.ModelsRegistered.ShouldBe(3);
        statistics.ModelsByKind.ShouldBe(new Dictionary<string, int> { ["MODEL"] = 2, ["GOOD_PRACTICE"] = 1 });
        statistics.ModelsByType.ShouldBe(new Dictionary<string, int> { ["apartment-self-management-team"] = 2, ["security-cameras"] = 1 });
        statistics.ModelsByLeadOrganisation.ShouldBe(new Dictionary<string, int> { ["POLICE"] = 2, ["FATHERLAND_FRONT"] = 1 });
    }

    [Fact]
    public void Patrol_totals_sum_participants_as_person_shifts()
    {
        var statistics = new ProvinceStatistics { Id = "79" };

        ProvinceStatisticsProjection.Apply(Given.Patrol(participants: 7, inspections: 2), statistics);
        ProvinceStatisticsProjection.Apply(Given.Patrol(participants: 9, inspections: 1, cases: 1), statistics);

        statistics.Activity.ShouldBe(new ActivityTotals(2, 16, 3, SanctionCounts.None, 1));
    }

    [Fact]
    public void Commendations_are_counted_by_form_and_issuer()
    {
        var statistics = new ProvinceStatistics { Id = "79" };
        var merit = GrantCommendationEndpoint.Decide(GrantCommendation.Example, Given.Ward13, Guid.CreateVersion7());

        ProvinceStatisticsProjection.Apply(merit, statistics);
        ProvinceStatisticsProjection.Apply(merit with { Form = CommendationForm.CertificateOfCommendation, Issuer = IssuingOrganisation.ProvincialPolice }, statistics);
        ProvinceStatisticsProjection.Apply(merit with { Issuer = IssuingOrganisation.ProvincialFatherlandFront }, statistics);

        statistics.Commendations.ShouldBe(3);
        statistics.CommendationsByForm.ShouldBe(new Dictionary<string, int> { ["CERTIFICATE_OF_MERIT"] = 2, ["CERTIFICATE_OF_COMMENDATION"] = 1 });
        statistics.CommendationsByIssuer.ShouldBe(new Dictionary<string, int>
        {
            ["PROVINCIAL_PEOPLES_COMMITTEE"] = 1,
            ["PROVINCIAL_POLICE"] = 1,
            ["PROVINCIAL_FATHERLAND_FRONT"] = 1,
        });
    }

    [Fact]
    public void Discontinued_models_are_counted_apart_from_registrations()
    {
        var statistics = new ProvinceStatistics { Id = "79" };

        ProvinceStatisticsProjection.Apply(Given.Registered(), statistics);
        ProvinceStatisticsProjection.Apply(Given.Discontinued(new DateOnly(2025, 7, 1)), statistics);

        statistics.ModelsRegistered.ShouldBe(1);
        statistics.ModelsDiscontinued.ShouldBe(1);
    }
}
