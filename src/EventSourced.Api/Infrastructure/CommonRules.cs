using EventSourced.Api.Ledger;
using FluentValidation;

namespace EventSourced.Api.Infrastructure;

/// <summary>Field rules shared by every command, so the same field gets the same answer on every route.</summary>
public static class CommonRules
{
    /// <summary>Free text (names, reasons): long enough for any Vietnamese official name, short enough to be sane.</summary>
    public const int MaxTextLength = 500;

    /// <summary>Counts in one report; far above any real shift, far below overflow when summed over ten years.</summary>
    public const int MaxCount = 100_000;

    /// <summary>The movement's ledgers begin long after this; older dates are typing errors.</summary>
    public static readonly DateOnly EarliestDate = new(1990, 1, 1);

    public static IRuleBuilderOptions<T, string> RequiredText<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().MaximumLength(MaxTextLength);

    public static IRuleBuilderOptions<T, string?> OptionalText<T>(this IRuleBuilder<T, string?> rule) =>
        rule.MaximumLength(MaxTextLength);

    public static IRuleBuilderOptions<T, int> Count<T>(this IRuleBuilder<T, int> rule) =>
        rule.InclusiveBetween(0, MaxCount);

    public static IRuleBuilderOptions<T, string> ProvinceCode<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().Must(AdministrativeCodes.IsProvince).WithMessage("'{PropertyName}' must be a 2-digit province code, e.g. 79.");

    public static IRuleBuilderOptions<T, string> CommuneCode<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().Must(AdministrativeCodes.IsCommuneLevel).WithMessage("'{PropertyName}' must be a 5-digit commune-level unit code, e.g. 27259.");

    /// <summary>A business date that has already happened (today in Vietnam included).</summary>
    public static IRuleBuilderOptions<T, DateOnly> PastDate<T>(this IRuleBuilder<T, DateOnly> rule, TimeProvider time) =>
        rule.NotEmpty()
            .GreaterThanOrEqualTo(EarliestDate)
            .Must(d => d <= VietnamTime.Today(time)).WithMessage("'{PropertyName}' may not be in the future.");

    /// <summary>A query date (<see cref="Dates.TryParseQuery"/>); absent passes, each route saying what absent means.</summary>
    public static IRuleBuilderOptions<T, string?> QueryDate<T>(this IRuleBuilder<T, string?> rule, TimeProvider time) =>
        rule.Must(text => Dates.TryParseQuery(text, time, out _)).WithMessage(Dates.QueryDateMessage);

    /// <summary>A list's <c>limit</c>: absent means <see cref="ApiLimits.DefaultPageSize"/>.</summary>
    public static IRuleBuilderOptions<T, int?> PageSize<T>(this IRuleBuilder<T, int?> rule, ApiLimits limits) =>
        rule.Must(limit => limit is null || (limit >= 1 && limit <= limits.MaxPageSize)).WithMessage($"Must be between 1 and {limits.MaxPageSize}.");

    /// <summary>A <c>cursor</c> that is a global sequence number this API returned (<see cref="ApiLimits.SequenceAfter(string?)"/>).</summary>
    public static IRuleBuilderOptions<T, string?> SequenceCursor<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(cursor => cursor is null || ApiLimits.TryParseSequence(cursor, out _)).WithMessage(ApiLimits.CursorMessage);

    public static IRuleBuilderOptions<T, TEnum> KnownValue<T, TEnum>(this IRuleBuilder<T, TEnum> rule) where TEnum : struct, Enum =>
        rule.IsInEnum();
}
