using System.Text.Json.Serialization;
using EventSourced.Api.Infrastructure;
using EventSourced.Api.Ledger;
using EventSourced.Api.Modules.Programs;
using EventSourced.Api.Modules.Reference;
using EventSourced.Api.Modules.Statistics.Measures;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourced.Api.Modules.Reviews;

/// <summary>Record a review conference and the figures it reported (rule 8), so the ledger can show reported against computed.</summary>
/// <param name="Title">Title of the conference.</param>
/// <param name="Kind">INTERIM, FINAL, THEMATIC or HALF_YEAR.</param>
/// <param name="HeldOn">Date held.</param>
/// <param name="ProgramId">The coordination program reviewed, if any.</param>
/// <param name="Figures">The figures as reported, each with what it measures.</param>
public sealed record RecordReviewConference(
    [property: JsonRequired] string Title,
    [property: JsonRequired] ReviewKind Kind,
    [property: JsonRequired] DateOnly HeldOn,
    string? ProgramId,
    [property: JsonRequired] IReadOnlyList<ReportedFigure> Figures)
{
    /// <summary>Hà Nội's ten-year review of Program 09 (figures of the press report of 2023-07-24).</summary>
    public static RecordReviewConference Example => new(
        "Hội nghị tổng kết 10 năm thực hiện Chương trình phối hợp số 09 (Hà Nội)", ReviewKind.Final, new DateOnly(2023, 7, 24), "national-09-2013",
        [
            new("F093", "1.616 mô hình, cách làm hay", Measure.ModelsLaunched, 1616, Qualifier.Exact, "01", new DateOnly(2013, 1, 1), null, null, null),
            new("F094", "495 mô hình đang hoạt động hiệu quả", Measure.ModelsEffective, 495, Qualifier.Exact, "01", new DateOnly(2013, 1, 1), null, null, null),
            new("F095", "mô hình \"Tự quản về an ninh, trật tự\" tại 181 xã, phường, thị trấn", Measure.Coverage, 181, Qualifier.Exact, "01", null, null,
                "security-order-self-management", null),
        ]);
}

public sealed class RecordReviewConferenceValidator : AbstractValidator<RecordReviewConference>
{
    public const int MaxFigures = 500;

    public RecordReviewConferenceValidator(TimeProvider time)
    {
        RuleFor(c => c.Title).RequiredText();
        RuleFor(c => c.Kind).IsInEnum();
        RuleFor(c => c.HeldOn).PastDate(time);
        RuleFor(c => c.ProgramId).Must(ProgramIds.IsWellFormed).When(c => c.ProgramId is not null)
            .WithMessage("'{PropertyName}' must be a program id, e.g. hcmc-478-2013; see GET /api/v1/programs.");
        RuleFor(c => c.Figures).NotNull().Must(f => f.Count <= MaxFigures).WithMessage($"At most {MaxFigures} figures.");
        RuleFor(c => c.Figures).Must(f => f is null || f.Select(x => x.Key).Distinct().Count() == f.Count).WithMessage("Figure keys must be unique.");
        RuleForEach(c => c.Figures).ChildRules(figure =>
        {
            figure.RuleFor(f => f.Key).NotEmpty().MaximumLength(32);
            figure.RuleFor(f => f.Wording).RequiredText();
            figure.RuleFor(f => f.Measure).IsInEnum();
            figure.RuleFor(f => f.Qualifier).IsInEnum();
            figure.RuleFor(f => f.Value).InclusiveBetween(0, 1_000_000_000);
            figure.RuleFor(f => f.Scope).NotEmpty().Must(AdministrativeCodes.IsAnyUnit).When(f => f.Measure != Measure.ClusterMembers)
                .WithMessage("'{PropertyName}' must be a unit code.");
            figure.RuleFor(f => f.Scope).Must(AdministrativeCodes.IsProvince).When(f => ReviewRules.ProvinceMeasures.Contains(f.Measure))
                .WithMessage("This measure is counted for a province: give its 2-digit code.");
            figure.RuleFor(f => f.ModelType).NotEmpty().Must(ModelTypes.Exists).When(f => f.Measure == Measure.Coverage)
                .WithMessage("Coverage is counted for one known model type.");
            figure.RuleFor(f => f.ModelType).Must(t => t is null || ModelTypes.Exists(t)).WithMessage("'{PropertyName}' is not a known model type.");
            figure.RuleFor(f => f.From).NotNull().When(f => ReviewRules.WindowMeasures.Contains(f.Measure))
                .WithMessage("Activity is counted over a window: give its start.");
            figure.RuleFor(f => f.From).GreaterThanOrEqualTo(CommonRules.EarliestDate);
            figure.RuleFor(f => f.To).GreaterThanOrEqualTo(CommonRules.EarliestDate);
            figure.RuleFor(f => f.To).GreaterThanOrEqualTo(f => f.From).When(f => f.From is not null && f.To is not null);
            figure.RuleFor(f => f.Party).IsInEnum().When(f => f.Party is not null);
        });
    }
}

public static class ReviewRules
{
    public static readonly IReadOnlySet<Measure> ProvinceMeasures = new HashSet<Measure>
    {
        Measure.ModelsLaunched, Measure.ModelsEffective, Measure.Coverage, Measure.CatalogueTypes, Measure.CatalogueEffective,
    };

    public static readonly IReadOnlySet<Measure> WindowMeasures = new HashSet<Measure>
    {
        Measure.Shifts, Measure.Participations, Measure.Inspections, Measure.Sanctions, Measure.CasesProsecuted,
        Measure.CamerasInstalled, Measure.RecordersInstalled,
    };
}

public static class RecordReviewConferenceEndpoint
{
    public static ReviewConferenceRecorded Decide(RecordReviewConference command) => new(
        ReviewIds.For(command.Title, command.HeldOn), command.Title.Trim(), command.Kind, command.HeldOn, command.ProgramId, command.Figures);

    /// <summary>Record a review conference with its figures as reported.</summary>
    /// <remarks>Idempotent: the same title and date again answers 200 and appends nothing (a conference is recorded once).</remarks>
    [Authorize(Policy = Access.Administer)]
    [WolverinePost("/api/v1/reviews")]
    [Tags("Reviews")]
    [ProducesResponseType<Recorded>(StatusCodes.Status201Created)]
    [ProducesResponseType<Recorded>(StatusCodes.Status200OK)]
    public static async Task<IResult> Post(RecordReviewConference command, IDocumentSession session, CancellationToken ct)
    {
        if (await ProgramDirectory.Unknown(session, command.ProgramId, "programId", ct) is { } unknownProgram)
        {
            return Results.Problem(unknownProgram);
        }
        var recorded = Decide(command);
        if (await session.Events.FetchStreamStateAsync(recorded.ReviewId, ct) is not null)
        {
            return Results.Ok(new Recorded(recorded.ReviewId, 1));
        }
        session.Events.StartStream<ReviewConference>(recorded.ReviewId, recorded);
        return Results.Created($"/api/v1/reviews/{recorded.ReviewId}/reconciliation", new Recorded(recorded.ReviewId, 1));
    }
}
