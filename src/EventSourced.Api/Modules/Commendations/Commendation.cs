using EventSourced.Api.Ledger;

namespace EventSourced.Api.Modules.Commendations;

/// <summary>A commendation as granted: one stream per commendation decision and recipient.</summary>
public sealed record Commendation
{
    /// <summary>Commendation id (the stream id).</summary>
    public Guid Id { get; init; }
    /// <summary>CERTIFICATE_OF_MERIT (Bằng khen) or CERTIFICATE_OF_COMMENDATION (Giấy khen).</summary>
    public CommendationForm Form { get; init; }
    /// <summary>Issuing organisation.</summary>
    public IssuingOrganisation Issuer { get; init; }
    /// <summary>Province the commendation is counted in: the recipient's (2 digits).</summary>
    public required string ProvinceCode { get; init; }
    /// <summary>The recipient's unit as it stood on the decision date.</summary>
    public required UnitSnapshot Unit { get; init; }
    /// <summary>The official who presented it.</summary>
    public Presenter? Presenter { get; init; }
    /// <summary>Who was commended.</summary>
    public required Recipient Recipient { get; init; }
    /// <summary>Reason as the decision states it.</summary>
    public required string Reason { get; init; }
    /// <summary>Decision number (số quyết định).</summary>
    public required string DecisionNumber { get; init; }
    /// <summary>Decision date.</summary>
    public DateOnly DecisionDate { get; init; }
    /// <summary>Coordination program it belongs to, if any.</summary>
    public string? ProgramId { get; init; }
    /// <summary>Stream version.</summary>
    public int Version { get; set; }

    public static Commendation Create(CommendationGranted e) => new()
    {
        Id = e.CommendationId,
        Form = e.Form,
        Issuer = e.Issuer,
        ProvinceCode = e.Unit.ProvinceCode,
        Unit = e.Unit,
        Presenter = e.Presenter,
        Recipient = e.Recipient,
        Reason = e.Reason,
        DecisionNumber = e.DecisionNumber,
        DecisionDate = e.DecisionDate,
        ProgramId = e.ProgramId,
    };
}
