namespace EventSourced.Api.Modules.Reviews;

/// <summary>A review conference and the figures it reported.</summary>
public sealed record ReviewConference
{
    /// <summary>Review id (the stream id).</summary>
    public Guid Id { get; init; }
    /// <summary>Title, e.g. Hội nghị tổng kết 10 năm Chương trình phối hợp số 09.</summary>
    public required string Title { get; init; }
    /// <summary>INTERIM, FINAL, THEMATIC or HALF_YEAR.</summary>
    public ReviewKind Kind { get; init; }
    /// <summary>Date held: the figures are reconciled as of and as known on this date.</summary>
    public DateOnly HeldOn { get; init; }
    /// <summary>The coordination program reviewed, if any.</summary>
    public string? ProgramId { get; init; }
    /// <summary>The figures as reported.</summary>
    public IReadOnlyList<ReportedFigure> Figures { get; init; } = [];
    /// <summary>Stream version.</summary>
    public int Version { get; set; }

    public static ReviewConference Create(ReviewConferenceRecorded e) => new()
    {
        Id = e.ReviewId,
        Title = e.Title,
        Kind = e.Kind,
        HeldOn = e.HeldOn,
        ProgramId = e.ProgramId,
        Figures = e.Figures,
    };
}
