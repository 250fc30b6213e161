using EventSourced.Api.Modules.Models;

namespace EventSourced.Tests.Models;

public class DiscontinueModelTests
{
    [Fact]
    public void Discontinuing_an_operating_model_yields_one_event_in_its_unit()
    {
        var events = DiscontinueModelEndpoint.Decide(new DiscontinueModel(new DateOnly(2025, 7, 1), " Sáp nhập "), Given.Model(), Given.Ward13);

        events.ShouldBe([new ModelDiscontinued(Given.ModelId, Given.Ward13, new DateOnly(2025, 7, 1), "Sáp nhập")]);
    }

    [Fact]
    public void Repeating_the_same_discontinuation_yields_no_event()
    {
        var model = Given.Model(Given.Discontinued(new DateOnly(2025, 7, 1)));
        var command = new DiscontinueModel(new DateOnly(2025, 7, 1), "Sáp nhập");

        DiscontinueModelEndpoint.Check(command, model).ShouldBeNull();
        DiscontinueModelEndpoint.Decide(command, model, Given.Ward13).ShouldBeEmpty();
    }

    [Fact]
    public void Discontinuing_again_on_another_date_is_a_409_conflict()
    {
        var model = Given.Model(Given.Discontinued(new DateOnly(2025, 7, 1)));

        DiscontinueModelEndpoint.Check(new DiscontinueModel(new DateOnly(2025, 8, 1), "x"), model)!.Status.ShouldBe(409);
    }

    [Fact]
    public void Discontinuing_before_the_launch_is_a_422_on_discontinuedOn()
    {
        var problem = DiscontinueModelEndpoint.Check(new DiscontinueModel(new DateOnly(2023, 1, 1), "x"), Given.Model());

        problem!.Status.ShouldBe(422);
        problem.Extensions["field"].ShouldBe("discontinuedOn");
    }

    [Fact]
    public void A_discontinuation_dated_in_the_future_is_rejected_on_discontinuedOn()
    {
        var result = new DiscontinueModelValidator(Given.Clock()).Validate(new DiscontinueModel(new DateOnly(2024, 2, 1), "x"));

        result.Errors.Select(e => e.PropertyName).ShouldBe(["discontinuedOn"]);
    }
}
