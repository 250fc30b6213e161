using EventSourced.Api.Infrastructure;
using EventSourced.Api.Modules.Models;
using EventSourced.Api.Modules.Reference;

namespace EventSourced.Api.Modules.Catalogues;

// A province's catalogue of model types (DESIGN.md rule 2): one stream per province. Ho Chi Minh City reports its
// movement in types ("41 loại mô hình"), each maintained by one organisation and assessed as a type.

/// <summary>A model type entered the province's catalogue, maintained by one organisation.</summary>
public sealed record CatalogueTypeAdded(string ProvinceCode, string TypeCode, string Name, Organisation Maintainer, DateOnly AddedOn);

/// <summary>A model type left the province's catalogue.</summary>
public sealed record CatalogueTypeRemoved(string ProvinceCode, string TypeCode, DateOnly RemovedOn, string Reason);

/// <summary>A catalogue type was assessed as a whole ("8 mô hình hoạt động hiệu quả").</summary>
public sealed record CatalogueTypeAssessed(string ProvinceCode, string TypeCode, DateOnly AssessedOn, AssessmentRating Rating, string? Basis);

/// <summary>Stable catalogue stream ids: one per province.</summary>
public static class CatalogueIds
{
    private static readonly Guid Namespace = Guid.Parse("5d1c0a9e-2b7f-5c3d-9e8a-7f6b5a4c3d2e");

    public static Guid For(string provinceCode) => NameBased.Create(Namespace, provinceCode);
}
