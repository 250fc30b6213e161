namespace EventSourced.Api.Modules.Statistics.Measures;

/// <summary>What a reported figure counts, so the ledger can compute it.</summary>
public enum Measure
{
    /// <summary>Models and good practices launched in the province since 'from' (rule 2's instances).</summary>
    ModelsLaunched,
    /// <summary>Of those, effective on the conference date (rule 3).</summary>
    ModelsEffective,
    /// <summary>Distinct commune-level units with a live instance of 'modelType' (rule 4).</summary>
    Coverage,
    /// <summary>Types in the province's catalogue (optionally one party's).</summary>
    CatalogueTypes,
    /// <summary>Catalogue types effective on the conference date (optionally one party's).</summary>
    CatalogueEffective,
    /// <summary>Patrol shifts in the unit over [from, to].</summary>
    Shifts,
    /// <summary>Participants summed over those shifts (person-shifts).</summary>
    Participations,
    /// <summary>Administrative inspections over [from, to].</summary>
    Inspections,
    /// <summary>Administrative sanctions over [from, to].</summary>
    Sanctions,
    /// <summary>Cases detected from 'from' and prosecuted by 'to' (rule 5).</summary>
    CasesProsecuted,
    /// <summary>Cameras installed over [from, to].</summary>
    CamerasInstalled,
    /// <summary>Recorders installed over [from, to].</summary>
    RecordersInstalled,
    /// <summary>Members of an emulation cluster on the conference date ('scope' is the cluster's code).</summary>
    ClusterMembers,
}
