using EventSourced.Api.Ledger;
using EventSourced.Api.Modules.Catalogues;
using EventSourced.Api.Modules.Models;
using EventSourced.Api.Modules.Reference;
using EventSourced.Api.Modules.Statistics;
using EventSourced.Api.Modules.Statistics.Measures;

namespace EventSourced.Tests.Catalogues;

/// <summary>DESIGN.md rule 2: a province's catalogue of model types, each with one maintaining organisation and
/// type-level assessments.</summary>
public class CatalogueTests
{
    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    private static readonly Catalogue WithMotorbikeTaxis = Catalogue.Create(
        new CatalogueTypeAdded("79", "self-managed-motorbike-taxis", "Xe ôm tự quản", Organisation.Police, D(2013, 6, 1)));

    [Fact]
    public void Adding_a_type_yields_one_event_for_the_province()
    {
        AddCatalogueTypeEndpoint.Decide("79", AddCatalogueType.Example, null)
            .ShouldBe([new CatalogueTypeAdded("79", "self-managed-motorbike-taxis", "Xe ôm tự quản", Organisation.Police, D(2013, 6, 1))]);
    }

    [Fact]
    public void Adding_the_same_entry_again_changes_nothing()
    {
        AddCatalogueTypeEndpoint.Check(AddCatalogueType.Example, WithMotorbikeTaxis).ShouldBeNull();
        AddCatalogueTypeEndpoint.Decide("79", AddCatalogueType.Example, WithMotorbikeTaxis).ShouldBeEmpty();
    }

    [Fact]
    public void Adding_a_type_already_in_the_catalogue_with_another_maintainer_is_a_409()
    {
        AddCatalogueTypeEndpoint.Check(AddCatalogueType.Example with { Maintainer = Organisation.YouthUnion }, WithMotorbikeTaxis)!.Status.ShouldBe(409);
    }

    [Fact]
    public void A_removed_type_can_be_added_again_from_its_removal_on()
    {
        var removed = WithMotorbikeTaxis.Apply(new CatalogueTypeRemoved("79", "self-managed-motorbike-taxis", D(2020, 1, 1), "Tạm dừng"));
        var again = AddCatalogueType.Example with { AddedOn = D(2021, 1, 1) };

        AddCatalogueTypeEndpoint.Check(again, removed).ShouldBeNull();
        AddCatalogueTypeEndpoint.Decide("79", again, removed).Count.ShouldBe(1);
    }

    [Fact]
    public void Removing_a_type_not_in_the_catalogue_is_a_404_and_before_it_entered_a_422()
    {
        RemoveCatalogueTypeEndpoint.Check("youth-shock-brigade", RemoveCatalogueType.Example, WithMotorbikeTaxis)!.Status.ShouldBe(404);
        RemoveCatalogueTypeEndpoint.Check("self-managed-motorbike-taxis", RemoveCatalogueType.Example with { RemovedOn = D(2013, 6, 1) }, WithMotorbikeTaxis)!
            .Status.ShouldBe(422);
    }

    [Fact]
    public void Assessing_a_type_on_a_date_it_was_not_in_the_catalogue_is_a_422()
    {
        AssessCatalogueTypeEndpoint.Check("self-managed-motorbike-taxis", AssessCatalogueType.Example with { AssessedOn = D(2012, 1, 1) }, WithMotorbikeTaxis)!
            .Status.ShouldBe(422);
    }

    [Theory]
    [InlineData(Organisation.Police, ProgramParty.Police)]
    [InlineData(Organisation.FatherlandFront, ProgramParty.FatherlandFrontAndMembers)]
    [InlineData(Organisation.YouthUnion, ProgramParty.FatherlandFrontAndMembers)]
    [InlineData(Organisation.VeteransAssociation, ProgramParty.FatherlandFrontAndMembers)]
    [InlineData(Organisation.PeoplesCommittee, ProgramParty.Other)]
    public void The_Fatherland_Front_side_counts_its_member_organisations(Organisation maintainer, ProgramParty party)
    {
        ProgramParties.Of(maintainer).ShouldBe(party);
    }

    [Fact]
    public void Figures_count_types_in_the_catalogue_by_party_with_their_effective_ones_as_known_then()
    {
        // Given: two police types (one effective), two Front-side types (one effective, one rated after the review was written).
        static DateTimeOffset At(int y, int m, int d) => new(y, m, d, 9, 0, 0, TimeSpan.FromHours(7));
        static TimedCatalogueEntry Entry(string code, Organisation maintainer, params TimedAssessment[] assessments) =>
            new(code, code, maintainer, new TimedFact(D(2013, 6, 1), At(2013, 6, 1)), null, assessments);
        TimedCatalogueEntry[] entries =
        [
            Entry("a", Organisation.Police, new TimedAssessment(D(2023, 12, 1), At(2023, 12, 1), AssessmentRating.Effective)),
            Entry("b", Organisation.Police),
            Entry("c", Organisation.FatherlandFront, new TimedAssessment(D(2023, 12, 1), At(2023, 12, 1), AssessmentRating.Effective)),
            Entry("d", Organisation.WomensUnion, new TimedAssessment(D(2023, 12, 1), At(2024, 2, 1), AssessmentRating.Effective)),
            Entry("e", Organisation.Police) with { Removed = new TimedFact(D(2020, 1, 1), At(2020, 1, 2)) },
        ];

        // When: the entries' state rows that hold 2023-12-25 as known on 2023-12-25.
        var catalogue = EventSourced.Tests.Statistics.StateRows.Catalogue(entries, D(2023, 12, 25), D(2023, 12, 25));

        // Then
        catalogue.Entries.Count.ShouldBe(4);
        catalogue.ByParty.ShouldBe([
            new CatalogueCount("FATHERLAND_FRONT_AND_MEMBERS", Figure.Of(2), Figure.Of(1)),
            new CatalogueCount("POLICE", Figure.Of(2), Figure.Of(1)),
        ]);
    }
}
