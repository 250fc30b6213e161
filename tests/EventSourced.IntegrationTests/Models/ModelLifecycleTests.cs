using System.Net;
using EventSourced.Api.Infrastructure;
using EventSourced.Api.Modules.Models;
using EventSourced.Api.Modules.Statistics;

namespace EventSourced.IntegrationTests.Models;

public class ModelLifecycleTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateClient();

    private async Task<SecurityModel> Model(Guid id) => await (await _client.GetAsync($"/api/v1/models/{id}")).Read<SecurityModel>();

    [Fact]
    public async Task A_case_is_registered_then_prosecuted_and_counted_in_the_province()
    {
        // Given
        var modelId = await _client.RegisteredModel(province: "31", unit: "11296");

        // When
        var detected = await _client.PostJson($"/api/v1/models/{modelId}/cases", RecordDetectedCase.Example);
        var caseId = (await detected.Read<Recorded>()).Id;
        var prosecuted = await _client.PostJson($"/api/v1/models/{modelId}/cases/{caseId}/prosecution", RecordProsecution.Example);

        // Then
        detected.StatusCode.ShouldBe(HttpStatusCode.Created);
        detected.Headers.Location!.ToString().ShouldBe($"/api/v1/models/{modelId}/cases/{caseId}");
        prosecuted.StatusCode.ShouldBe(HttpStatusCode.OK);
        var registered = await (await _client.GetAsync(detected.Headers.Location)).Read<RegisteredCase>();
        registered.ShouldBe(new RegisteredCase(caseId, "Q4-2023-0117", new DateOnly(2023, 6, 14), null,
            new DateOnly(2023, 7, 3), "Cơ quan Cảnh sát điều tra Công an Quận 4"));
        await api.WaitForProjections();
        var statistics = await (await _client.GetAsync("/api/v1/provinces/31/statistics")).Read<ProvinceStatistics>();
        statistics.Activity.CasesProsecuted.Exact.ShouldBe(1);
        statistics.Activity.CasesDetected.Exact.ShouldBe(1);
    }

    [Fact]
    public async Task Reporting_the_same_case_again_answers_200_with_its_id_and_appends_nothing()
    {
        var modelId = await _client.RegisteredModel();
        var first = await (await _client.PostJson($"/api/v1/models/{modelId}/cases", RecordDetectedCase.Example)).Read<Recorded>();
        var before = await api.EventCount();

        var again = await _client.PostJson($"/api/v1/models/{modelId}/cases", RecordDetectedCase.Example);

        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await again.Read<Recorded>()).Id.ShouldBe(first.Id);
        (await api.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task Prosecuting_a_case_that_was_never_detected_answers_404_and_appends_nothing()
    {
        var modelId = await _client.RegisteredModel();
        var before = await api.EventCount();

        var response = await _client.PostJson($"/api/v1/models/{modelId}/cases/{Guid.CreateVersion7()}/prosecution", RecordProsecution.Example);

        await response.ShouldBeProblem(404);
        (await api.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task Prosecuting_before_the_detection_answers_422_on_prosecutedOn_and_appends_nothing()
    {
        var modelId = await _client.RegisteredModel();
        var caseId = (await (await _client.PostJson($"/api/v1/models/{modelId}/cases", RecordDetectedCase.Example)).Read<Recorded>()).Id;
        var before = await api.EventCount();

        var response = await _client.PostJson($"/api/v1/models/{modelId}/cases/{caseId}/prosecution",
            RecordProsecution.Example with { ProsecutedOn = new DateOnly(2023, 6, 1) });

        (await response.ShouldBeProblem(422)).GetProperty("field").GetString().ShouldBe("prosecutedOn");
        (await api.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task A_case_linked_to_a_shift_of_another_model_answers_422_on_patrolId_and_appends_nothing()
    {
        var modelId = await _client.RegisteredModel();
        var other = await _client.RegisteredModel();
        var otherShift = await _client.RecordedPatrol(other);
        var before = await api.EventCount();

        var response = await _client.PostJson($"/api/v1/models/{modelId}/cases", RecordDetectedCase.Example with { PatrolId = otherShift.PatrolId });

        (await response.ShouldBeProblem(422)).GetProperty("field").GetString().ShouldBe("patrolId");
        (await api.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task A_case_detected_on_the_models_own_shift_is_counted_once()
    {
        var modelId = await _client.RegisteredModel();
        var shift = await _client.RecordedPatrol(modelId, on: new DateOnly(2023, 6, 14));

        await _client.PostJson($"/api/v1/models/{modelId}/cases", RecordDetectedCase.Example with { PatrolId = shift.PatrolId });

        (await Model(modelId)).Totals.CasesDetected.ShouldBe(RecordPatrol.Example.CasesDetected);
    }

    [Fact]
    public async Task Inspections_sanctions_and_equipment_outside_shifts_add_up_in_the_model_and_the_province()
    {
        // Given
        var modelId = await _client.RegisteredModel(province: "92", unit: "31123");

        // When
        await _client.PostJson($"/api/v1/models/{modelId}/inspections", RecordInspections.Example);
        await _client.PostJson($"/api/v1/models/{modelId}/sanctions", RecordSanctions.Example);
        await _client.PostJson($"/api/v1/models/{modelId}/equipment/installations", RecordEquipmentInstallation.Example);
        var removed = await _client.PostJson($"/api/v1/models/{modelId}/equipment/decommissionings", RecordEquipmentDecommissioning.Example);

        // Then
        removed.StatusCode.ShouldBe(HttpStatusCode.OK);
        var model = await Model(modelId);
        model.Totals.Inspections.ShouldBe(3);
        model.Totals.Sanctions.ShouldBe(new SanctionCounts(2, 1, 0));
        model.EquipmentOn(new DateOnly(2023, 12, 31)).ShouldBe((6, 1));
        await api.WaitForProjections();
        var statistics = await (await _client.GetAsync("/api/v1/provinces/92/statistics")).Read<ProvinceStatistics>();
        (statistics.Cameras.Exact, statistics.Recorders.Exact).ShouldBe((6L, 1L));
        statistics.Activity.Inspections.Exact.ShouldBe(3);
        statistics.Activity.Sanctions.Exact.ShouldBe(3);
    }

    [Fact]
    public async Task Taking_out_more_equipment_than_is_in_service_answers_422_and_appends_nothing()
    {
        var modelId = await _client.RegisteredModel();
        await _client.PostJson($"/api/v1/models/{modelId}/equipment/installations", RecordEquipmentInstallation.Example);
        var before = await api.EventCount();

        var response = await _client.PostJson($"/api/v1/models/{modelId}/equipment/decommissionings",
            RecordEquipmentDecommissioning.Example with { Cameras = 9 });

        await response.ShouldBeProblem(422);
        (await api.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task Inspections_after_the_model_was_discontinued_answer_409_and_append_nothing()
    {
        var modelId = await _client.RegisteredModel();
        await _client.Discontinue(modelId, new DiscontinueModel(new DateOnly(2023, 6, 1), "Giải thể"));
        var before = await api.EventCount();

        var response = await _client.PostJson($"/api/v1/models/{modelId}/inspections", RecordInspections.Example);

        await response.ShouldBeProblem(409);
        (await api.EventCount()).ShouldBe(before);
    }
}
