using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace EventSourced.Api.Infrastructure;

/// <summary>
/// Checks a command's body before any endpoint sees it, so that every bad body gets the same clear answer and nothing
/// is appended: 415 for a non-JSON content type, 413 over the size limit, 400 naming the JSON path at fault for
/// malformed JSON, wrong types, unknown fields, or a missing body. Runs after routing, where the endpoint's declared
/// request type is known; the body is buffered (it is small by then) and rewound for the endpoint.
/// </summary>
public sealed partial class RequestBodyGuard(RequestDelegate next, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, IOptions<ApiLimits> limits)
{
    private readonly JsonSerializerOptions _json = json.Value.SerializerOptions;
    private readonly long _maxBodyBytes = limits.Value.MaxRequestBodyBytes;

    public async Task InvokeAsync(HttpContext context)
    {
        var requestType = context.GetEndpoint()?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
        if (requestType is null || HttpMethods.IsGet(context.Request.Method))
        {
            await next(context);
            return;
        }

        if (!IsJson(context.Request.ContentType))
        {
            await Write(context, new ProblemDetails
            {
                Type = Problems.MalformedType,
                Title = "Unsupported media type.",
                Status = StatusCodes.Status415UnsupportedMediaType,
                Detail = "Send the command as JSON with 'Content-Type: application/json'.",
            });
            return;
        }

        if (context.Request.ContentLength > _maxBodyBytes)
        {
            await Write(context, TooLarge());
            return;
        }

        context.Request.EnableBuffering(bufferThreshold: 64 * 1024, bufferLimit: _maxBodyBytes);
        ProblemDetails? problem;
        try
        {
            var body = await JsonSerializer.DeserializeAsync(context.Request.Body, requestType, _json, context.RequestAborted);
            problem = body is null ? Problems.Field("body", "A JSON object is required.") : await NullInAList(context);
        }
        catch (JsonException e)
        {
            problem = await FromJsonError(e, context, requestType);
        }
        catch (IOException) when (context.Request.Body.Position >= _maxBodyBytes)
        {
            problem = TooLarge();
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            problem = TooLarge();
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentException or System.Text.DecoderFallbackException)
        {
            // Invalid UTF-8 and similar reader failures.
            problem = Problems.Field("body", "The body is not valid UTF-8 JSON.");
        }

        if (problem is not null)
        {
            await Write(context, problem);
            return;
        }

        context.Request.Body.Position = 0;
        await next(context);
    }

    /// <summary>
    /// No list of a command holds null (a shift, a figure, a unit of a reform), but System.Text.Json reads [null] into
    /// any list of objects and the validators would then fail on the element, not report it.
    /// </summary>
    private static async Task<ProblemDetails?> NullInAList(HttpContext context)
    {
        context.Request.Body.Position = 0;
        using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
        return NullElement(document.RootElement, "") is { } path ? Problems.Field(path, "A list element may not be null.") : null;
    }

    private static string? NullElement(JsonElement element, string path)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in element.EnumerateObject())
            {
                if (NullElement(property.Value, path.Length == 0 ? property.Name : $"{path}.{property.Name}") is { } found)
                {
                    return found;
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var item in element.EnumerateArray())
            {
                var itemPath = $"{path}[{index++}]";
                if (item.ValueKind == JsonValueKind.Null)
                {
                    return itemPath;
                }
                if (NullElement(item, itemPath) is { } found)
                {
                    return found;
                }
            }
        }
        return null;
    }

    private ProblemDetails TooLarge() => new()
    {
        Type = Problems.MalformedType,
        Title = "Request body too large.",
        Status = StatusCodes.Status413PayloadTooLarge,
        Detail = $"A command body may be at most {_maxBodyBytes} bytes.",
    };

    private static bool IsJson(string? contentType) =>
        contentType is not null
        && (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
            || (contentType.StartsWith("application/", StringComparison.OrdinalIgnoreCase)
                && contentType.Split(';')[0].EndsWith("+json", StringComparison.OrdinalIgnoreCase)));

    /// <summary>Names the JSON path at fault without echoing CLR type names back to the caller.</summary>
    private async Task<ValidationProblemDetails> FromJsonError(JsonException e, HttpContext context, Type requestType)
    {
        if (e.Message.Contains("missing required properties", StringComparison.Ordinal))
        {
            // System.Text.Json names only some of the missing fields; list them all from its own contract.
            context.Request.Body.Position = 0;
            using var document = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            var missing = MissingRequired(requestType, document.RootElement, "").ToDictionary(n => n, _ => RequiredMessage, StringComparer.Ordinal);
            if (missing.Count > 0)
            {
                return Problems.Validation(missing);
            }
        }
        return FromJsonError(e);
    }

    internal static ValidationProblemDetails FromJsonError(JsonException e)
    {
        var field = e.Path is null or "$" ? "body" : e.Path.StartsWith("$.", StringComparison.Ordinal) ? e.Path[2..] : e.Path.TrimStart('$');
        if (e is StrictJson.FieldException)
        {
            return Problems.Field(field, e.Message);
        }
        if (e.Message.Contains("could not be mapped", StringComparison.Ordinal))
        {
            return Problems.Field(field == "body" && QuotedNames().Match(e.Message) is { Success: true } m ? m.Groups[1].Value : field,
                "This field is not part of the request.");
        }
        if (e.Message.Contains("could not be converted", StringComparison.Ordinal))
        {
            return Problems.Field(field, "The value has the wrong type or is out of range.");
        }
        // Anything else is the text itself: not JSON, truncated, or nested too deeply.
        return Problems.Field("body", e.Message.Contains("maximum configured depth", StringComparison.Ordinal)
            ? "The JSON is nested too deeply."
            : e.LineNumber is { } line ? $"Malformed JSON near line {line + 1}, byte {e.BytePositionInLine + 1}." : "Malformed JSON.");
    }

    private IEnumerable<string> MissingRequired(Type type, JsonElement element, string prefix)
    {
        if (element.ValueKind != JsonValueKind.Object || _json.GetTypeInfo(type) is not { Kind: JsonTypeInfoKind.Object } info)
        {
            yield break;
        }
        var comparison = _json.PropertyNameCaseInsensitive ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        foreach (var property in info.Properties)
        {
            var value = element.EnumerateObject().FirstOrDefault(p => string.Equals(p.Name, property.Name, comparison)).Value;
            if (value.ValueKind == JsonValueKind.Undefined)
            {
                if (property.IsRequired)
                {
                    yield return prefix + property.Name;
                }
                continue;
            }
            var nestedType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            foreach (var nested in MissingRequired(nestedType, value, $"{prefix}{property.Name}."))
            {
                yield return nested;
            }
        }
    }

    private static readonly string[] RequiredMessage = ["This field is required."];

    [GeneratedRegex("'([^']+)'")]
    private static partial Regex QuotedNames();

    private static Task Write(HttpContext context, ProblemDetails problem)
    {
        context.Response.StatusCode = problem.Status ?? StatusCodes.Status400BadRequest;
        return Results.Problem(problem).ExecuteAsync(context);
    }
}

/// <summary>Request limits (configuration section "Api").</summary>
public sealed class ApiLimits
{
    /// <summary>Largest command body accepted; a patrol or commendation is well under 2 KiB.</summary>
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024;

    /// <summary>Largest page a list endpoint returns.</summary>
    public int MaxPageSize { get; set; } = 200;

    public int DefaultPageSize { get; set; } = 50;

    public const string CursorMessage = "Not a cursor this API returned.";

    /// <summary>The page size asked for (the default when absent); a "limit" error when it is outside 1..MaxPageSize.</summary>
    public int PageSize(int? limit, Dictionary<string, string[]> errors)
    {
        var size = limit ?? DefaultPageSize;
        if (size < 1 || size > MaxPageSize)
        {
            errors["limit"] = [$"Must be between 1 and {MaxPageSize}."];
        }
        return size;
    }

    /// <summary>The page size of a <c>limit</c> its validator accepted (<see cref="CommonRules.PageSize"/>).</summary>
    public int PageSize(int? limit) => limit ?? DefaultPageSize;

    /// <summary>A cursor that is the last global sequence number of the previous page; 0 when absent, a "cursor" error when foreign.</summary>
    public static long SequenceAfter(string? cursor, Dictionary<string, string[]> errors)
    {
        if (cursor is null)
        {
            return 0;
        }
        if (!TryParseSequence(cursor, out var after))
        {
            errors["cursor"] = [CursorMessage];
        }
        return after;
    }

    /// <summary>The sequence of a <c>cursor</c> its validator accepted (<see cref="CommonRules.SequenceCursor"/>); 0 when absent.</summary>
    public static long SequenceAfter(string? cursor) => cursor is not null && TryParseSequence(cursor, out var after) ? after : 0;

    public static bool TryParseSequence(string cursor, out long after) =>
        long.TryParse(cursor, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out after);
}
