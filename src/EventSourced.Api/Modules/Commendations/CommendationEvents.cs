using System.Text.Json.Serialization;
using EventSourced.Api.Ledger;

namespace EventSourced.Api.Modules.Commendations;

/// <summary>Form of a commendation.</summary>
public enum CommendationForm
{
    /// <summary>Bằng khen: certificate of merit.</summary>
    CertificateOfMerit,
    /// <summary>Giấy khen: certificate of commendation.</summary>
    CertificateOfCommendation,
}

/// <summary>The organisation that issues a commendation decision.</summary>
public enum IssuingOrganisation
{
    /// <summary>Bộ Công an (Ministry of Public Security).</summary>
    MinistryOfPublicSecurity,
    /// <summary>UBND tỉnh/thành phố (provincial or city People's Committee).</summary>
    ProvincialPeoplesCommittee,
    /// <summary>Ủy ban MTTQ tỉnh/thành phố (provincial or city Fatherland Front Committee).</summary>
    ProvincialFatherlandFront,
    /// <summary>Công an tỉnh/thành phố (provincial or city police).</summary>
    ProvincialPolice,
    /// <summary>UBND quận/huyện (district People's Committee, until 2025-07-01).</summary>
    DistrictPeoplesCommittee,
    /// <summary>Công an quận/huyện (district police, until 2025-07-01).</summary>
    DistrictPolice,
    /// <summary>UBND cấp xã (commune-level People's Committee).</summary>
    CommunePeoplesCommittee,
}

/// <summary>Whether a collective (tập thể) or an individual (cá nhân) is commended.</summary>
public enum RecipientKind
{
    /// <summary>Tập thể: a collective (a model, a team, a unit's police).</summary>
    Collective,
    /// <summary>Cá nhân: an individual.</summary>
    Individual,
}

/// <summary>The official who presented the commendation, named in their role.</summary>
/// <param name="Name">Full name, with diacritics.</param>
/// <param name="Position">Position at the time (e.g. Phó Chủ tịch UBND Thành phố); taken from the official's record when
/// 'officialId' is given and this is left out.</param>
/// <param name="OfficialId">The registered official (GET /api/v1/officials/{id}), if any: the ledger then records the
/// rank and position held on the decision date.</param>
/// <param name="Rank">Rank held on the decision date (filled in from the official's record).</param>
public sealed record Presenter([property: JsonRequired] string Name, string? Position, Guid? OfficialId = null, string? Rank = null);

/// <summary>Who was commended.</summary>
/// <param name="Kind">COLLECTIVE or INDIVIDUAL.</param>
/// <param name="Name">The collective's or the individual's name.</param>
/// <param name="UnitCode">Administrative unit of the recipient: province (2 digits), district (3) or commune level (5).</param>
/// <param name="ModelId">The model the commendation is for, if any.</param>
public sealed record Recipient(
    [property: JsonRequired] RecipientKind Kind,
    [property: JsonRequired] string Name,
    [property: JsonRequired] string UnitCode,
    Guid? ModelId);

/// <summary>A commendation decision was granted; <c>Unit</c> is the recipient's unit as it stood on the decision date.</summary>
public sealed record CommendationGranted(
    Guid CommendationId,
    CommendationForm Form,
    IssuingOrganisation Issuer,
    UnitSnapshot Unit,
    Presenter? Presenter,
    Recipient Recipient,
    string Reason,
    string DecisionNumber,
    DateOnly DecisionDate,
    string? ProgramId) : IUnitActivity
{
    DateOnly IUnitActivity.OccurredOn => DecisionDate;
}
