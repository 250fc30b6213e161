namespace EventSourced.Api.Modules.Officials;

// Officials acting in their role are named (rule 12); their rank and position change over time, so both are dated.

/// <summary>An official was registered.</summary>
public sealed record OfficialRegistered(Guid OfficialId, string Name);

/// <summary>An official held a rank from a date (e.g. Thiếu tướng, then Trung tướng).</summary>
public sealed record OfficialRankRecorded(Guid OfficialId, string Rank, DateOnly From);

/// <summary>An official held a position in an organisation from a date.</summary>
public sealed record OfficialPositionRecorded(Guid OfficialId, string Position, string Organisation, DateOnly From);
