using System.Text.RegularExpressions;

namespace EventSourced.Api.Ledger;

/// <summary>
/// Shapes of official administrative codes (General Statistics Office list): provinces have 2 digits, districts 3
/// (until 2025-07-01), commune-level units (ward, commune, township, special zone) 5.
/// </summary>
public static partial class AdministrativeCodes
{
    public static bool IsProvince(string? code) => code is not null && ProvinceCode().IsMatch(code);

    public static bool IsCommuneLevel(string? code) => code is not null && CommuneCode().IsMatch(code);

    public static bool IsAnyUnit(string? code) => code is not null && AnyUnitCode().IsMatch(code);

    [GeneratedRegex(@"^\d{2}\z")]
    private static partial Regex ProvinceCode();

    [GeneratedRegex(@"^\d{5}\z")]
    private static partial Regex CommuneCode();

    [GeneratedRegex(@"^(\d{2}|\d{3}|\d{5})\z")]
    private static partial Regex AnyUnitCode();
}
