using System.Text.RegularExpressions;
using EventSourced.Api.Infrastructure;

namespace EventSourced.Api.Modules.Programs;

/// <summary>A coordination program was registered (chương trình phối hợp).</summary>
public sealed record ProgramRegistered(
    string ProgramId, string Number, string Name, IReadOnlyList<string> Parties, string? ProvinceCode, DateOnly From, DateOnly To,
    string? Implements, string? Succeeds);

/// <summary>
/// A coordination program between the police and the Fatherland Front (rule 8). Keyed by a stable id, never by its
/// number alone: "09" names both Program 09 of 2013 and Party Directive 09 of 2011.
/// </summary>
public sealed record CoordinationProgram
{
    /// <summary>Stream id (name-based from the program id).</summary>
    public Guid Id { get; init; }
    /// <summary>Stable id, e.g. hcmc-478-2013.</summary>
    public required string ProgramId { get; init; }
    /// <summary>Its number as documents write it, e.g. 478.</summary>
    public required string Number { get; init; }
    /// <summary>Vietnamese name.</summary>
    public required string Name { get; init; }
    /// <summary>The parties that signed it.</summary>
    public IReadOnlyList<string> Parties { get; init; } = [];
    /// <summary>Province it covers; null for a national program.</summary>
    public string? ProvinceCode { get; init; }
    /// <summary>First day of the program period.</summary>
    public DateOnly From { get; init; }
    /// <summary>Last day of the program period.</summary>
    public DateOnly To { get; init; }
    /// <summary>The program it implements locally, if any (Program 478 implements Program 09).</summary>
    public string? Implements { get; init; }
    /// <summary>The program it succeeds, if any.</summary>
    public string? Succeeds { get; init; }
    /// <summary>Stream version.</summary>
    public int Version { get; set; }

    public static CoordinationProgram Create(ProgramRegistered e) => new()
    {
        Id = ProgramIds.For(e.ProgramId),
        ProgramId = e.ProgramId,
        Number = e.Number,
        Name = e.Name,
        Parties = e.Parties,
        ProvinceCode = e.ProvinceCode,
        From = e.From,
        To = e.To,
        Implements = e.Implements,
        Succeeds = e.Succeeds,
    };
}

public static partial class ProgramIds
{
    private static readonly Guid Namespace = Guid.Parse("2f1e0d9c-8b7a-5f6e-9d4c-3b2a1f0e9d8c");

    public static Guid For(string programId) => NameBased.Create(Namespace, programId);

    /// <summary>Program ids are lowercase slugs that say what the program is, e.g. national-09-2013.</summary>
    public static bool IsWellFormed(string? programId) => programId is not null && Slug().IsMatch(programId);

    [GeneratedRegex(@"^[a-z][a-z0-9\-]{2,63}\z")]
    private static partial Regex Slug();
}
