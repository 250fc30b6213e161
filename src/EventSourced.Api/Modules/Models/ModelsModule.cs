using JasperFx.Events.Projections;
using Marten;

namespace EventSourced.Api.Modules.Models;

public static class ModelsModule
{
    public static void ConfigureModels(StoreOptions opts)
    {
        // Stored names are the schema's contract: renaming a CLR type must never orphan a stored stream.
        opts.Events.MapEventType<ModelRegistered>("model_registered");
        opts.Events.MapEventType<PatrolRecorded>("patrol_recorded");
        opts.Events.MapEventType<ModelDiscontinued>("model_discontinued");
        opts.Events.MapEventType<ModelAssessed>("model_assessed");
        opts.Events.MapEventType<InspectionsRecorded>("inspections_recorded");
        opts.Events.MapEventType<SanctionsRecorded>("sanctions_recorded");
        opts.Events.MapEventType<CaseDetected>("case_detected");
        opts.Events.MapEventType<CaseProsecuted>("case_prosecuted");
        opts.Events.MapEventType<EquipmentInstalled>("equipment_installed");
        opts.Events.MapEventType<EquipmentDecommissioned>("equipment_decommissioned");
        opts.Events.MapEventType<RecordCorrected>("record_corrected");
        opts.Events.MapEventType<RecordRetracted>("record_retracted");

        // Inline: commands decide on this document under the stream lock, and the GET after a 201 must see the write.
        opts.Projections.Snapshot<SecurityModel>(SnapshotLifecycle.Inline);

        // The list filters (GET /api/v1/models?province=&unit=&type=&lead=) run on indexed columns.
        opts.Schema.For<SecurityModel>()
            .Duplicate(m => m.ProvinceCode)
            .Duplicate(m => m.UnitCode)
            .Duplicate(m => m.ModelType)
            .Duplicate(m => m.LeadOrganisation);
    }
}
