using System.Globalization;
using EventSourced.Api.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace EventSourced.Tests.Infrastructure;

/// <summary>Issue 11, item 9: the catalogue covers every title Problems builds, so no Vietnamese answer is half English.</summary>
public sealed class TranslationsTests : IDisposable
{
    private readonly CultureInfo _original = CultureInfo.CurrentUICulture;

    public void Dispose() => CultureInfo.CurrentUICulture = _original;

    public static TheoryData<string, ProblemDetails> EveryProblem() => new()
    {
        { "validation", Problems.Field("provinceCode", "Must be a 2-digit province code.") },
        { "unauthenticated", Problems.Unauthenticated("x") },
        { "forbidden", Problems.Forbidden("x") },
        { "not found", Problems.NotFound("x") },
        { "conflict", Problems.Conflict("x") },
        { "rule violated", Problems.RuleViolated("x") },
        { "concurrency", ErrorResponses.ConcurrencyConflict() },
    };

    [Theory]
    [MemberData(nameof(EveryProblem))]
    public void Every_problem_title_has_a_Vietnamese_translation_and_keeps_its_type(string kind, ProblemDetails problem)
    {
        // Given
        var (type, english) = (problem.Type, problem.Title!);
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("vi-VN");

        // When
        Translations.Translate(problem);

        // Then
        problem.Title.ShouldNotBe(english, kind);
        problem.Type.ShouldBe(type, kind);
    }

    [Fact]
    public void Text_the_catalogue_does_not_hold_stays_in_English_and_English_callers_get_English()
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("vi");
        Translations.Translate("Malformed JSON near line 3, byte 7.").ShouldBe("Malformed JSON near line 3, byte 7.");
        Translations.Translate(Dates.QueryDateMessage).ShouldBe("Phải là một ngày, dạng yyyy-MM-dd, từ 1990-01-01 đến 2999-12-31.");

        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("en");
        Translations.Translate(Dates.QueryDateMessage).ShouldBe(Dates.QueryDateMessage);
    }

    [Theory]
    [InlineData(Dates.QueryDateMessage)]
    [InlineData(StrictJson.ControlCharactersMessage)]
    [InlineData(StrictJson.OffsetRequiredMessage)]
    [InlineData(QueryGuard.ControlCharactersMessage)]
    public void The_input_readers_field_messages_have_a_Vietnamese_translation(string english)
    {
        CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("vi-VN");
        Translations.Translate(english).ShouldNotBe(english);
    }
}
