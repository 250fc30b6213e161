using System.Text.Json.Serialization;
using EventSourced.Api.Infrastructure;
using EventSourced.Api.Modules.Catalogues;
using EventSourced.Api.Modules.Statistics.Measures;

namespace EventSourced.Api.Modules.Reviews;

/// <summary>Kind of review conference.</summary>
public enum ReviewKind
{
    /// <summary>Sơ kết: interim review.</summary>
    Interim,
    /// <summary>Tổng kết: final review.</summary>
    Final,
    /// <summary>Hội nghị chuyên đề: thematic conference.</summary>
    Thematic,
    /// <summary>Half-year review of an emulation cluster.</summary>
    HalfYear,
}

/// <summary>Whether a report states a count exactly or as "hơn N" (more than N).</summary>
public enum Qualifier
{
    /// <summary>The exact count.</summary>
    Exact,
    /// <summary>"hơn N": the count is greater than N (rule 10).</summary>
    MoreThan,
}

/// <summary>A figure as a conference reported it, with what it measures.</summary>
/// <param name="Key">The figure's label in the report or dataset, e.g. F002.</param>
/// <param name="Wording">The Vietnamese wording, verbatim.</param>
/// <param name="Measure">What it counts.</param>
/// <param name="Value">The number stated.</param>
/// <param name="Qualifier">EXACT, or MORE_THAN for "hơn N".</param>
/// <param name="Scope">Unit code: province (2 digits), district (3) or commune-level unit (5); a cluster's code for CLUSTER_MEMBERS.</param>
/// <param name="From">Start of the period counted (launch window, or activity window).</param>
/// <param name="To">End of an activity window (default: the conference date).</param>
/// <param name="ModelType">The model type counted, where the figure is about one type.</param>
/// <param name="Party">POLICE or FATHERLAND_FRONT_AND_MEMBERS, for catalogue figures about one side.</param>
public sealed record ReportedFigure(
    [property: JsonRequired] string Key,
    [property: JsonRequired] string Wording,
    [property: JsonRequired] Measure Measure,
    [property: JsonRequired] long Value,
    [property: JsonRequired] Qualifier Qualifier,
    [property: JsonRequired] string Scope,
    DateOnly? From,
    DateOnly? To,
    string? ModelType,
    ProgramParty? Party);

/// <summary>A review conference was held and reported its figures.</summary>
public sealed record ReviewConferenceRecorded(
    Guid ReviewId, string Title, ReviewKind Kind, DateOnly HeldOn, string? ProgramId, IReadOnlyList<ReportedFigure> Figures);

/// <summary>Stable review ids: the same title and date are the same conference.</summary>
public static class ReviewIds
{
    private static readonly Guid Namespace = Guid.Parse("9a8b7c6d-5e4f-5a3b-8c2d-1e0f9a8b7c6d");

    public static Guid For(string title, DateOnly heldOn) => NameBased.Create(Namespace, $"{title.Trim()}@{heldOn:yyyy-MM-dd}");
}
