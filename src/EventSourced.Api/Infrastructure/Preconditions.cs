using System.Globalization;
using Microsoft.AspNetCore.Mvc;

namespace EventSourced.Api.Infrastructure;

/// <summary>
/// Optimistic concurrency for clients that read before they write: GET answers the stream version as a strong ETag
/// ("3"); a command sent with If-Match: "3" is applied only if the record is still at version 3, else 412. Without
/// If-Match, writers to one record queue on its stream lock, so no update is lost either way.
/// </summary>
public static class Preconditions
{
    public const string PreconditionFailedType = "urn:bvantq:problem:precondition-failed";

    /// <summary>Absent: no precondition. "*": any existing version. Else a quoted or bare version number.</summary>
    public static bool TryParseIfMatch(string? header, out long? version)
    {
        version = null;
        if (string.IsNullOrWhiteSpace(header) || header.Trim() == "*")
        {
            return true;
        }
        var text = header.Trim();
        if (text.StartsWith("W/", StringComparison.Ordinal))
        {
            return false;
        }
        text = text.Trim('"');
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed > 0)
        {
            version = parsed;
            return true;
        }
        return false;
    }

    public static ProblemDetails Failed(Guid id, long expected, long actual) => new()
    {
        Type = PreconditionFailedType,
        Title = "The record changed since you read it.",
        Status = StatusCodes.Status412PreconditionFailed,
        Detail = $"{id} is at version {actual}, not {expected}. Nothing was recorded; read it again and decide again.",
    };
}
