using EventSourced.Api.Modules.Reference;

namespace EventSourced.Api.Modules.Catalogues;

/// <summary>An entry of a province's catalogue as the write side needs it.</summary>
public sealed record CatalogueEntry(string TypeCode, string Name, Organisation Maintainer, DateOnly AddedOn, DateOnly? RemovedOn, IReadOnlyList<DateOnly> AssessedOn)
{
    public bool InCatalogueOn(DateOnly date) => date >= AddedOn && (RemovedOn is not { } end || date < end);
}

/// <summary>
/// The write model of a province's catalogue, aggregated live from its stream (a few hundred events at most), so the
/// commands decide on exactly what was recorded.
/// </summary>
public sealed record Catalogue
{
    public Guid Id { get; init; }
    public required string ProvinceCode { get; init; }
    public IReadOnlyList<CatalogueEntry> Entries { get; init; } = [];

    public CatalogueEntry? Current(string typeCode) => Entries.LastOrDefault(e => e.TypeCode == typeCode);

    public static Catalogue Create(CatalogueTypeAdded e) => new Catalogue { ProvinceCode = e.ProvinceCode }.Apply(e);

    public Catalogue Apply(CatalogueTypeAdded e) =>
        this with { Entries = [.. Entries, new CatalogueEntry(e.TypeCode, e.Name, e.Maintainer, e.AddedOn, null, [])] };

    public Catalogue Apply(CatalogueTypeRemoved e) => Replace(e.TypeCode, entry => entry with { RemovedOn = e.RemovedOn });

    public Catalogue Apply(CatalogueTypeAssessed e) => Replace(e.TypeCode, entry => entry with { AssessedOn = [.. entry.AssessedOn, e.AssessedOn] });

    private Catalogue Replace(string typeCode, Func<CatalogueEntry, CatalogueEntry> change)
    {
        var current = Current(typeCode);
        return this with { Entries = [.. Entries.Select(e => ReferenceEquals(e, current) ? change(e) : e)] };
    }
}
