using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace EventSourced.Api.Infrastructure;

/// <summary>
/// The HTTP side reads each value in exactly one spelling, so a value that means nothing to the ledger is a 400 naming
/// its field rather than a guess: enum names as documented, timestamps with their offset, text without control
/// characters and in one Unicode form.
/// </summary>
public static class StrictJson
{
    public static void Use(JsonSerializerOptions options)
    {
        options.Converters.Insert(0, new ApiEnumConverter());
        options.Converters.Insert(0, new OffsetTimestampConverter());
        options.Converters.Insert(0, new TextConverter());
    }

    public const string ControlCharactersMessage = "Control characters are not allowed in text.";
    public const string OffsetRequiredMessage = "Must be a timestamp with its UTC offset, e.g. 2023-05-06T19:00:00+07:00.";

    /// <summary>A value refused with a message for the caller; the request guard names the field from its path.</summary>
    public sealed class FieldException(string message) : JsonException(message);

    /// <summary>
    /// Text arrives as NFC, so a Vietnamese name typed with combining diacritics (macOS, some IMEs) and one typed
    /// precomposed are the same name. C0 control characters other than tab and line breaks are refused: PostgreSQL's
    /// jsonb cannot store U+0000, and none of the others belongs in a name or a reason.
    /// </summary>
    public sealed class TextConverter : JsonConverter<string>
    {
        public override bool HandleNull => false;

        public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                throw new JsonException();
            }
            return Normalise(reader.GetString()!) ?? throw new FieldException(ControlCharactersMessage);
        }

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

        public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Normalise(reader.GetString()!) ?? throw new FieldException(ControlCharactersMessage);

        public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WritePropertyName(value);
    }

    /// <summary>The text in NFC; null when it holds a control character other than tab, line feed or carriage return.</summary>
    public static string? Normalise(string text)
    {
        foreach (var c in text)
        {
            if (c < ' ' && c is not ('\t' or '\n' or '\r'))
            {
                return null;
            }
        }
        return text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);
    }

    /// <summary>
    /// A timestamp must say its offset: "2023-05-06T19:00:00" or a bare date would otherwise be read in the server's
    /// zone, seven hours off on a UTC host, moving a shift to another Vietnamese day.
    /// </summary>
    public sealed class OffsetTimestampConverter : JsonConverter<DateTimeOffset>
    {
        private static readonly JsonConverter<DateTimeOffset> Default = JsonMetadataServices.DateTimeOffsetConverter;

        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                throw new JsonException();
            }
            var text = reader.GetString()!;
            if (!HasOffset(text))
            {
                throw new FieldException(OffsetRequiredMessage);
            }
            return reader.TryGetDateTimeOffset(out var value) ? value : throw new JsonException();
        }

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) => Default.Write(writer, value, options);

        internal static bool HasOffset(string text) =>
            text.Contains('T', StringComparison.OrdinalIgnoreCase)
            && (text.EndsWith('Z') || text.EndsWith('z')
                || (text.Length > 6 && text[^6] is '+' or '-' && char.IsAsciiDigit(text[^5]) && char.IsAsciiDigit(text[^4]) && text[^3] == ':'
                    && char.IsAsciiDigit(text[^2]) && char.IsAsciiDigit(text[^1])));
    }

    /// <summary>
    /// Enum values exactly as documented (UPPER_SNAKE_CASE). System.Text.Json's own converter also takes "model",
    /// "GoodPractice" and "1"; a client sending those has misread the contract, and is told so.
    /// </summary>
    public sealed class ApiEnumConverter : JsonConverterFactory
    {
        public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

        public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
            (JsonConverter)Activator.CreateInstance(typeof(Exact<>).MakeGenericType(typeToConvert))!;

        private sealed class Exact<TEnum> : JsonConverter<TEnum> where TEnum : struct, Enum
        {
            private static readonly Dictionary<string, TEnum> Values =
                Enum.GetValues<TEnum>().ToDictionary(v => ApiNames.Of(v), v => v, StringComparer.Ordinal);

            private static readonly string Expected = $"Must be one of {string.Join(", ", Values.Keys)}.";

            public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
                reader.TokenType == JsonTokenType.String ? ReadAsPropertyName(ref reader, typeToConvert, options) : throw new FieldException(Expected);

            public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) => writer.WriteStringValue(ApiNames.Of(value));

            public override TEnum ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
                Values.TryGetValue(reader.GetString()!, out var value) ? value : throw new FieldException(Expected);

            public override void WriteAsPropertyName(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) => writer.WritePropertyName(ApiNames.Of(value));
        }
    }
}
