namespace EventSourced.Api.Modules.Reference;

/// <summary>A kind of self-management security model, as the reviews name it.</summary>
/// <param name="Code">Stable code used in commands and statistics.</param>
/// <param name="Name">Vietnamese name, with diacritics.</param>
/// <param name="EnglishName">English gloss.</param>
public sealed record ModelType(string Code, string Name, string EnglishName);

/// <summary>
/// The national list of model types, from the glossary of the ten-year reviews (DESIGN.md). Per-province catalogues
/// (which types a province adopted, who maintains them) are recorded as events on top of this list.
/// </summary>
public static class ModelTypes
{
    public static readonly IReadOnlyList<ModelType> All =
    [
        new("security-order-self-management", "Tự quản về an ninh, trật tự", "Self-management for security and order"),
        new("self-managed-boarding-houses", "Nhà trọ tự quản", "Self-managed boarding houses"),
        new("self-managed-motorbike-taxis", "Xe ôm tự quản", "Self-managed motorbike-taxi groups"),
        new("apartment-self-management-team", "Tổ tự quản chung cư", "Apartment-block self-management team"),
        new("security-cameras", "Camera an ninh", "Security camera network"),
        new("offender-reintegration-5-plus-1", "Mô hình 5+1", "Managing and re-integrating offenders in the community (5+1)"),
        new("family-club-against-social-evils", "CLB gia đình phòng chống tệ nạn xã hội", "Family club against social evils"),
        new("youth-shock-brigade", "Thanh niên xung kích", "Youth shock brigade"),
        new("civil-defence-team", "Dân phòng", "Civil defence team"),
        new("self-defended-residential-area", "Khu dân cư tự phòng, tự quản", "Self-defended residential area"),
    ];

    private static readonly Dictionary<string, ModelType> ByCode = All.ToDictionary(t => t.Code, StringComparer.Ordinal);

    public static bool Exists(string? code) => code is not null && ByCode.ContainsKey(code);

    public static ModelType? Find(string code) => ByCode.GetValueOrDefault(code);
}
