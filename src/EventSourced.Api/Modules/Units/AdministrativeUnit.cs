using EventSourced.Api.Infrastructure;

namespace EventSourced.Api.Modules.Units;

/// <summary>One version of an administrative unit: its code, name, level and parent during its validity interval.</summary>
public sealed record AdministrativeUnit
{
    /// <summary>Surrogate id of this version (the stream id).</summary>
    public Guid Id { get; init; }
    /// <summary>Official code: 2 digits for a province, 3 for a district, 5 for a commune-level unit.</summary>
    /// <example>27259</example>
    public required string Code { get; init; }
    /// <summary>Official name.</summary>
    /// <example>Phường 13</example>
    public required string Name { get; init; }
    /// <summary>Level.</summary>
    public UnitLevel Level { get; init; }
    /// <summary>Parent version (province for a district; district, or province after 2025-07-01, for a commune-level unit).</summary>
    public Guid? ParentId { get; init; }
    /// <summary>Parent's code.</summary>
    public string? ParentCode { get; init; }
    /// <summary>Province code.</summary>
    public required string ProvinceCode { get; init; }
    /// <summary>First day in force.</summary>
    public DateOnly ValidFrom { get; init; }
    /// <summary>First day no longer in force (exclusive); null while in force.</summary>
    public DateOnly? ValidTo { get; init; }
    /// <summary>Versions this one took territory from.</summary>
    public IReadOnlyList<UnitLink> Predecessors { get; init; } = [];
    /// <summary>Versions that took this one's territory.</summary>
    public IReadOnlyList<UnitLink> Successors { get; init; } = [];
    /// <summary>Legal act that created it, if recorded.</summary>
    public string? LegalReference { get; init; }
    /// <summary>Stream version.</summary>
    public int Version { get; set; }

    public bool IsCommuneLevel => Level is UnitLevel.Ward or UnitLevel.Commune or UnitLevel.Township or UnitLevel.SpecialZone;

    public bool InForceOn(DateOnly date) => date >= ValidFrom && (ValidTo is not { } end || date < end);

    public static AdministrativeUnit Create(UnitVersionRegistered e) => new()
    {
        Id = e.UnitVersionId,
        Code = e.Code,
        Name = e.Name,
        Level = e.Level,
        ParentId = e.ParentId,
        ParentCode = e.ParentCode,
        ProvinceCode = e.ProvinceCode,
        ValidFrom = e.ValidFrom,
        LegalReference = e.LegalReference,
        Predecessors = e.Predecessors,
    };

    public AdministrativeUnit Apply(UnitVersionRetired e) => this with { ValidTo = e.RetiredOn, Successors = e.Successors };
}

/// <summary>Stable ids: the same code and start date always give the same version id, so loading twice changes nothing.</summary>
public static class UnitIds
{
    private static readonly Guid UnitNamespace = Guid.Parse("8f5b1c3e-6f0a-5e1d-9a47-1b2c3d4e5f60");
    private static readonly Guid ReformNamespace = Guid.Parse("c2a7d9e4-3b1f-5a6c-8d2e-0f1a2b3c4d5e");

    public static Guid ForVersion(string code, DateOnly validFrom) => NameBased.Create(UnitNamespace, $"{code}@{validFrom:yyyy-MM-dd}");

    public static Guid ForReform(string legalReference, DateOnly effectiveDate) =>
        NameBased.Create(ReformNamespace, $"{legalReference.Trim()}@{effectiveDate:yyyy-MM-dd}");
}
