namespace EventSourced.Api.Modules.Officials;

/// <summary>A rank held from a date.</summary>
/// <param name="Rank">Rank, e.g. Trung tướng.</param>
/// <param name="From">First day held.</param>
public sealed record DatedRank(string Rank, DateOnly From);

/// <summary>A position held from a date.</summary>
/// <param name="Position">Position, e.g. Giám đốc.</param>
/// <param name="Organisation">Organisation, e.g. Công an Thành phố Hồ Chí Minh.</param>
/// <param name="From">First day held.</param>
public sealed record DatedPosition(string Position, string Organisation, DateOnly From);

/// <summary>An official with every rank and position, each from its date (the latest on or before a date is the one held).</summary>
public sealed record Official
{
    /// <summary>Official id (the stream id).</summary>
    public Guid Id { get; init; }
    /// <summary>Full name with diacritics.</summary>
    public required string Name { get; init; }
    /// <summary>Ranks in date order.</summary>
    public IReadOnlyList<DatedRank> Ranks { get; init; } = [];
    /// <summary>Positions in date order.</summary>
    public IReadOnlyList<DatedPosition> Positions { get; init; } = [];
    /// <summary>Stream version.</summary>
    public int Version { get; set; }

    public string? RankOn(DateOnly date) => Ranks.LastOrDefault(r => r.From <= date)?.Rank;

    public DatedPosition? PositionOn(DateOnly date) => Positions.LastOrDefault(p => p.From <= date);

    public static Official Create(OfficialRegistered e) => new() { Id = e.OfficialId, Name = e.Name };

    public Official Apply(OfficialRankRecorded e) => this with { Ranks = [.. Ranks.Append(new DatedRank(e.Rank, e.From)).OrderBy(r => r.From)] };

    public Official Apply(OfficialPositionRecorded e) =>
        this with { Positions = [.. Positions.Append(new DatedPosition(e.Position, e.Organisation, e.From)).OrderBy(p => p.From)] };
}
