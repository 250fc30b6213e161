namespace EventSourced.Api.Modules.Units;

// The administrative unit streams (one per unit version) and the reform stream: the long-lived schema. Codes are not
// identities (DESIGN.md rule 1): a version has a surrogate id, and a reform retires versions and creates new ones.

/// <summary>Level of an administrative unit.</summary>
public enum UnitLevel
{
    /// <summary>Tỉnh / thành phố trực thuộc trung ương.</summary>
    Province,
    /// <summary>Quận / huyện / thị xã / thành phố thuộc tỉnh (abolished 2025-07-01).</summary>
    District,
    /// <summary>Phường.</summary>
    Ward,
    /// <summary>Xã.</summary>
    Commune,
    /// <summary>Thị trấn.</summary>
    Township,
    /// <summary>Đặc khu.</summary>
    SpecialZone,
}

/// <summary>Whether a unit's whole territory or only part of it passed to another unit in a reform.</summary>
public enum TransferKind
{
    /// <summary>The whole territory.</summary>
    Whole,
    /// <summary>Part of the territory: activity cannot be restated without a location.</summary>
    Part,
}

/// <summary>A link to a predecessor or successor version.</summary>
/// <param name="UnitVersionId">The other version.</param>
/// <param name="Code">Its official code.</param>
/// <param name="Name">Its name.</param>
/// <param name="Kind">WHOLE or PART.</param>
public sealed record UnitLink(Guid UnitVersionId, string Code, string Name, TransferKind Kind);

/// <summary>A version of an administrative unit came into force.</summary>
public sealed record UnitVersionRegistered(
    Guid UnitVersionId,
    string Code,
    string Name,
    UnitLevel Level,
    Guid? ParentId,
    string? ParentCode,
    string ProvinceCode,
    DateOnly ValidFrom,
    string? LegalReference,
    IReadOnlyList<UnitLink> Predecessors);

/// <summary>A version of an administrative unit went out of force on a date (the day the reform took effect).</summary>
public sealed record UnitVersionRetired(
    Guid UnitVersionId,
    string Code,
    DateOnly RetiredOn,
    Guid ReformId,
    string LegalReference,
    IReadOnlyList<UnitLink> Successors);

/// <summary>A reform of administrative units (merge, split, rename, abolition of a level).</summary>
public sealed record ReformRecorded(
    Guid ReformId,
    string LegalReference,
    DateOnly EffectiveDate,
    IReadOnlyList<Guid> Retired,
    IReadOnlyList<Guid> Created,
    IReadOnlyList<UnitTransfer> Transfers);

/// <summary>Territory passing from a retired version to a version in force after the reform.</summary>
public sealed record UnitTransfer(Guid FromId, string FromCode, Guid ToId, string ToCode, TransferKind Kind);
