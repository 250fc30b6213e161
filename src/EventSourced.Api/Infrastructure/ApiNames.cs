using System.Text.Json;
using System.Text.Json.Serialization;

namespace EventSourced.Api.Infrastructure;

/// <summary>
/// One JSON shape for the HTTP contract and the stored events and documents: camelCase fields, enum values in
/// UPPER_SNAKE_CASE (MODEL, GOOD_PRACTICE, FATHERLAND_FRONT). GETs stream stored documents as they are, so the two must agree.
/// </summary>
public static class ApiNames
{
    public static readonly JsonNamingPolicy EnumPolicy = JsonNamingPolicy.SnakeCaseUpper;

    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum => EnumPolicy.ConvertName(value.ToString());

    public static IEnumerable<string> All<TEnum>() where TEnum : struct, Enum => Enum.GetValues<TEnum>().Select(Of);

    /// <summary>Parses a wire name (e.g. FATHERLAND_FRONT) from a query string.</summary>
    public static bool TryParse<TEnum>(string text, out TEnum value) where TEnum : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            if (string.Equals(Of(candidate), text, StringComparison.Ordinal))
            {
                value = candidate;
                return true;
            }
        }
        value = default;
        return false;
    }

    /// <summary>Enums as named strings; integers are refused so that "kind": 7 is an error, not a silent new value.</summary>
    public static void UseApiEnums(JsonSerializerOptions options)
    {
        for (var i = options.Converters.Count - 1; i >= 0; i--)
        {
            if (options.Converters[i] is JsonStringEnumConverter)
            {
                options.Converters.RemoveAt(i);
            }
        }
        options.Converters.Insert(0, new JsonStringEnumConverter(EnumPolicy, allowIntegerValues: false));
    }

    /// <summary>
    /// The HTTP side is strict: a field the contract does not have is an error, not silently dropped; a number is a JSON
    /// number ("7" is refused, which the web defaults would read); enums, timestamps and text as <see cref="StrictJson"/> says.
    /// </summary>
    public static void ConfigureHttp(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.NumberHandling = JsonNumberHandling.Strict;
        options.MaxDepth = 32;
        StrictJson.Use(options);
    }
}
