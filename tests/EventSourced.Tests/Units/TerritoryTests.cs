using EventSourced.Api.Modules.Units;

namespace EventSourced.Tests.Units;

/// <summary>
/// The territory a jurisdiction claim names across reforms (issue 11, item 1), on a small copy of the seeded units: Quận 4
/// (773) and Quận 1 (760) of Hồ Chí Minh City, Ba Đình (001) of Hà Nội, the 2021 ward merge in Quận 4 and the 2025
/// reform that abolished districts (recording each district's successor as its province), merged Bình Dương (74) into
/// Hồ Chí Minh City and split Phường 04 between Xóm Chiếu and Khánh Hội.
/// </summary>
public class TerritoryTests
{
    private static readonly DateOnly Since = new(2008, 8, 1);
    private static readonly DateOnly Merge2021 = new(2021, 1, 1);
    private static readonly DateOnly Reform2025 = new(2025, 7, 1);

    private readonly Dictionary<Guid, AdministrativeUnit> _units = [];

    private readonly Guid _hcmc, _binhDuong, _hanoi, _district4, _district1, _baDinh;
    private readonly Guid _ward12, _ward13, _ward13Of2021, _ward04, _tanDinh, _phucXa;
    private readonly Guid _hcmcOf2025, _xomChieu, _khanhHoi, _tanDinhOf2025, _hongHa;

    public TerritoryTests()
    {
        _hcmc = Unit("79", UnitLevel.Province, null);
        _binhDuong = Unit("74", UnitLevel.Province, null);
        _hanoi = Unit("01", UnitLevel.Province, null);
        _district4 = Unit("773", UnitLevel.District, _hcmc);
        _district1 = Unit("760", UnitLevel.District, _hcmc);
        _baDinh = Unit("001", UnitLevel.District, _hanoi);
        _ward12 = Unit("27256", UnitLevel.Ward, _district4);
        _ward13 = Unit("27259", UnitLevel.Ward, _district4);
        _ward04 = Unit("27283", UnitLevel.Ward, _district4);
        _tanDinh = Unit("26734", UnitLevel.Ward, _district1);
        _phucXa = Unit("00001", UnitLevel.Ward, _baDinh);

        _ward13Of2021 = Unit("27259", UnitLevel.Ward, _district4, Merge2021);
        Transfer(_ward12, Merge2021, (_ward13Of2021, TransferKind.Whole));
        Transfer(_ward13, Merge2021, (_ward13Of2021, TransferKind.Whole));

        _hcmcOf2025 = Unit("79", UnitLevel.Province, null, Reform2025);
        _xomChieu = Unit("27259", UnitLevel.Ward, _hcmcOf2025, Reform2025);
        _khanhHoi = Unit("27265", UnitLevel.Ward, _hcmcOf2025, Reform2025);
        _tanDinhOf2025 = Unit("26734", UnitLevel.Ward, _hcmcOf2025, Reform2025);
        _hongHa = Unit("00097", UnitLevel.Ward, _hanoi, Reform2025);
        Transfer(_hcmc, Reform2025, (_hcmcOf2025, TransferKind.Whole));
        Transfer(_binhDuong, Reform2025, (_hcmcOf2025, TransferKind.Whole));
        Transfer(_district4, Reform2025, (_hcmcOf2025, TransferKind.Whole));
        Transfer(_district1, Reform2025, (_hcmcOf2025, TransferKind.Whole));
        Transfer(_baDinh, Reform2025, (_hanoi, TransferKind.Whole));
        Transfer(_ward13Of2021, Reform2025, (_xomChieu, TransferKind.Whole));
        Transfer(_ward04, Reform2025, (_xomChieu, TransferKind.Part), (_khanhHoi, TransferKind.Part));
        Transfer(_tanDinh, Reform2025, (_tanDinhOf2025, TransferKind.Whole));
        Transfer(_phucXa, Reform2025, (_hongHa, TransferKind.Whole));
    }

    [Fact]
    public async Task A_district_claim_covers_the_wards_recorded_in_it_but_not_the_province_it_passed_to_in_2025()
    {
        // Given
        var quan4 = await Claim(_district4);

        // When
        var inside = await Inside(quan4, _ward12, _ward13Of2021, _ward04, _hcmcOf2025, _hcmc, _tanDinh, _tanDinhOf2025, _xomChieu);

        // Then
        inside.ShouldBe([true, true, true, false, false, false, false, false]);
    }

    [Fact]
    public async Task A_Ha_Noi_district_claim_covers_neither_Ha_Noi_nor_the_wards_formed_under_it_in_2025()
    {
        // Given
        var baDinh = await Claim(_baDinh);

        // When
        var inside = await Inside(baDinh, _phucXa, _hanoi, _hongHa);

        // Then
        inside.ShouldBe([true, false, false]);
    }

    [Fact]
    public async Task A_province_claim_covers_its_wards_and_districts_before_and_after_the_district_level_went()
    {
        // Given
        var hcmc = await Claim(_hcmcOf2025);

        // When
        var inside = await Inside(hcmc, _hcmc, _district4, _ward04, _tanDinh, _xomChieu, _khanhHoi, _hanoi, _phucXa);

        // Then
        inside.ShouldBe([true, true, true, true, true, true, false, false]);
    }

    [Fact]
    public async Task A_province_claim_follows_a_whole_merger_into_another_province()
    {
        // Given
        var binhDuong = await Claim(_binhDuong);

        // When
        var inside = await Inside(binhDuong, _hcmcOf2025, _hcmc, _xomChieu, _hanoi);

        // Then
        binhDuong.Named.ShouldBe([_binhDuong, _hcmcOf2025], ignoreOrder: true);
        inside.ShouldBe([true, true, true, false]);
    }

    [Fact]
    public async Task A_ward_claim_follows_whole_merges_forward_and_covers_what_merged_into_the_same_ward()
    {
        // Given
        var ward12 = await Claim(_ward12);

        // When
        var inside = await Inside(ward12, _ward13Of2021, _xomChieu, _ward13, _ward04, _khanhHoi, _district4);

        // Then
        ward12.Named.ShouldBe([_ward12, _ward13Of2021, _xomChieu], ignoreOrder: true);
        inside.ShouldBe([true, true, true, false, false, false]);
    }

    [Fact]
    public async Task A_claim_on_a_ward_split_by_PART_transfers_does_not_follow_them()
    {
        // Given
        var ward04 = await Claim(_ward04);

        // When
        var inside = await Inside(ward04, _ward04, _xomChieu, _khanhHoi);

        // Then
        ward04.Named.ShouldBe([_ward04]);
        inside.ShouldBe([true, false, false]);
    }

    [Fact]
    public async Task A_split_ward_is_inside_only_a_territory_that_holds_every_part()
    {
        // Given
        var xomChieu = await Claim(_xomChieu);
        var both = await Claim(_xomChieu, _khanhHoi);

        // When
        var inOne = await xomChieu.Contains(_ward04, CancellationToken.None);
        var inBoth = await both.Contains(_ward04, CancellationToken.None);

        // Then
        inOne.ShouldBeFalse();
        inBoth.ShouldBeTrue();
    }

    [Theory]
    [InlineData("27259", "2015-06-01", "2008-08-01")]
    [InlineData("27259", "2021-01-01", "2021-01-01")]
    [InlineData("27259", "2026-12-02", "2025-07-01")]
    [InlineData("27256", "2026-12-02", "2008-08-01")]
    [InlineData("00097", "2024-01-01", null)]
    public void A_claim_names_the_unit_that_bore_its_code_on_the_day_it_was_granted_else_the_last_one_before(
        string code, string grantedOn, string? namedFrom)
    {
        // Given
        var bearingTheCode = _units.Values.Where(u => u.Code == code);

        // When
        var named = Territory.NamedOn(bearingTheCode, DateOnly.Parse(grantedOn, System.Globalization.CultureInfo.InvariantCulture));

        // Then
        named?.ValidFrom.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture).ShouldBe(namedFrom);
    }

    private Task<Territory> Claim(params Guid[] named) =>
        Territory.Of(named.Select(id => _units[id]), (id, _) => ValueTask.FromResult(_units.GetValueOrDefault(id)), CancellationToken.None);

    private static async Task<bool[]> Inside(Territory territory, params Guid[] units)
    {
        var inside = new List<bool>();
        foreach (var unit in units)
        {
            inside.Add(await territory.Contains(unit, CancellationToken.None));
        }
        return [.. inside];
    }

    private Guid Unit(string code, UnitLevel level, Guid? parent, DateOnly? from = null)
    {
        var validFrom = from ?? Since;
        var unit = new AdministrativeUnit
        {
            Id = UnitIds.ForVersion(code, validFrom),
            Code = code,
            Name = code,
            Level = level,
            ParentId = parent,
            ParentCode = parent is { } p ? _units[p].Code : null,
            ProvinceCode = parent is { } q ? _units[q].ProvinceCode : code,
            ValidFrom = validFrom,
        };
        _units[unit.Id] = unit;
        return unit.Id;
    }

    private void Transfer(Guid from, DateOnly on, params (Guid To, TransferKind Kind)[] to)
    {
        var retired = _units[from];
        _units[from] = retired with
        {
            ValidTo = on,
            Successors = [.. to.Select(t => new UnitLink(t.To, _units[t.To].Code, _units[t.To].Name, t.Kind))],
        };
        foreach (var (target, kind) in to)
        {
            _units[target] = _units[target] with { Predecessors = [.. _units[target].Predecessors, new UnitLink(from, retired.Code, retired.Name, kind)] };
        }
    }
}
