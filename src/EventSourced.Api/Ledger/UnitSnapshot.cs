namespace EventSourced.Api.Ledger;

/// <summary>
/// Where an activity happened, as the units stood on its date: recorded in the activity's event so that "Quận 4 in
/// 2023" answers the same after the district level is gone.
/// </summary>
/// <param name="UnitVersionId">The commune-level (or other) unit version in force.</param>
/// <param name="Code">Its code.</param>
/// <param name="Name">Its name.</param>
/// <param name="DistrictCode">The district it belonged to, before 2025-07-01.</param>
/// <param name="DistrictName">That district's name.</param>
/// <param name="ProvinceCode">The province.</param>
/// <param name="ProvinceName">The province's name.</param>
public sealed record UnitSnapshot(
    Guid UnitVersionId, string Code, string Name, string? DistrictCode, string? DistrictName, string ProvinceCode, string ProvinceName);
