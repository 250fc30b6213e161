using System.Globalization;
using JasperFx.Events;
using Marten;
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
    public const string PreconditionRequiredType = "urn:bvantq:problem:precondition-required";

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

    /// <summary>
    /// The one If-Match rule for every command on an existing stream: 400 when the header is not a version ETag, 412
    /// when the stream is no longer at that version, null when the command may go on (no header, "*", or a match).
    /// </summary>
    public static ProblemDetails? Check(string? ifMatch, Guid streamId, long currentVersion)
    {
        if (!TryParseIfMatch(ifMatch, out var expected))
        {
            return Problems.Field("If-Match", "Must be the ETag of the record, e.g. \"3\".");
        }
        return expected is { } version && version != currentVersion ? Failed(streamId, version, currentVersion) : null;
    }

    /// <summary>
    /// An existing stream for a command: fetched under its row lock (writers to it queue), 404 when it does not exist,
    /// then If-Match against its version (400 / 412).
    /// </summary>
    public static async Task<(IEventStream<T>? Stream, ProblemDetails? Problem)> Existing<T>(
        IDocumentSession session, Guid id, string? ifMatch, string notFound, CancellationToken ct)
        where T : class
    {
        if (id == Guid.Empty)
        {
            // No stream has the nil UUID, and Marten refuses to look for it (it would start one).
            return (null, Problems.NotFound(notFound));
        }
        var stream = await session.Events.FetchForExclusiveWriting<T>(id, ct);
        if (stream.Aggregate is null)
        {
            return (null, Problems.NotFound(notFound));
        }
        return Check(ifMatch, id, stream.StartingVersion ?? 0) is { } failed ? (null, failed) : (stream, null);
    }

    /// <summary>A strong ETag for a stream version.</summary>
    public static string ETag(long version) => $"\"{version}\"";

    public static ProblemDetails Required() => new()
    {
        Type = PreconditionRequiredType,
        Title = "This route requires If-Match.",
        Status = StatusCodes.Status428PreconditionRequired,
        Detail = "Send If-Match with the ETag of the record as you read it (GET it first), so a change made since then is not overwritten. Nothing was recorded.",
    };

    public static ProblemDetails Failed(Guid id, long expected, long actual) => new()
    {
        Type = PreconditionFailedType,
        Title = "The record changed since you read it.",
        Status = StatusCodes.Status412PreconditionFailed,
        Detail = $"{id} is at version {actual}, not {expected}. Nothing was recorded; read it again and decide again.",
    };
}

/// <summary>
/// The route changes a record's standing rather than adding a fact to it (e.g. ending a model), so a client must show
/// which version it decided on: no If-Match → 428. Applied by <see cref="IfMatchRequired"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresIfMatchAttribute : Attribute;

/// <summary>Wolverine middleware on routes marked <see cref="RequiresIfMatchAttribute"/>.</summary>
public static class IfMatchRequired
{
    public static ProblemDetails Before(HttpContext context) =>
        string.IsNullOrWhiteSpace(context.Request.Headers.IfMatch) ? Preconditions.Required() : Wolverine.Http.WolverineContinue.NoProblems;
}
