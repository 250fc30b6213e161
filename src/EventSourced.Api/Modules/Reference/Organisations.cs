namespace EventSourced.Api.Modules.Reference;

/// <summary>Organisations that lead or partner a model: the police and the Fatherland Front with its member organisations.</summary>
public enum Organisation
{
    /// <summary>Công an (police at any level).</summary>
    Police,
    /// <summary>Mặt trận Tổ quốc Việt Nam (Vietnam Fatherland Front committee).</summary>
    FatherlandFront,
    /// <summary>Đoàn Thanh niên Cộng sản Hồ Chí Minh (Youth Union).</summary>
    YouthUnion,
    /// <summary>Hội Liên hiệp Phụ nữ (Women's Union).</summary>
    WomensUnion,
    /// <summary>Hội Cựu chiến binh (Veterans' Association).</summary>
    VeteransAssociation,
    /// <summary>Hội Nông dân (Farmers' Association).</summary>
    FarmersAssociation,
    /// <summary>Liên đoàn Lao động (Labour Confederation).</summary>
    LabourConfederation,
    /// <summary>Ủy ban nhân dân (People's Committee), which co-sponsors some models.</summary>
    PeoplesCommittee,
}

/// <summary>Whether an instance is an organised model (mô hình) or a good practice (cách làm hay).</summary>
public enum ModelKind
{
    /// <summary>Mô hình: an organised, continuing practice.</summary>
    Model,
    /// <summary>Cách làm hay: a good practice.</summary>
    GoodPractice,
}
