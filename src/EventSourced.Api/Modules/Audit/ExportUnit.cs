using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using EventSourced.Api.Infrastructure;
using EventSourced.Api.Ledger;
using EventSourced.Api.Modules.Units;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourced.Api.Modules.Audit;

/// <summary>What a bundle says it holds; signed as the exact JSON text in the bundle's <c>manifest</c>.</summary>
/// <param name="Format">bvantq-ledger-export/1.</param>
/// <param name="Unit">The unit code exported.</param>
/// <param name="Lineage">Whether the units it was formed from are included.</param>
/// <param name="From">First day of the recorded-time window, if any.</param>
/// <param name="To">Last day of the window, if any.</param>
/// <param name="ExportedAt">When.</param>
/// <param name="ExportedBy">The token's subject.</param>
/// <param name="ClientSystem">The token's client system.</param>
/// <param name="Events">How many events the bundle holds.</param>
/// <param name="EventsDigest">SHA-256 over the events' chain hashes in bundle order, each followed by a newline.</param>
/// <param name="Streams">Per stream: count, first and last version, the hash before the first, the head.</param>
/// <param name="KeyId">The signing key's id.</param>
public sealed record ExportManifest(
    string Format, string Unit, bool Lineage, DateOnly? From, DateOnly? To, DateTimeOffset ExportedAt, string? ExportedBy,
    string? ClientSystem, int Events, string EventsDigest, IReadOnlyList<StreamExtent> Streams, string KeyId);

/// <summary>One stream's part of a bundle.</summary>
public sealed record StreamExtent(Guid StreamId, int Events, long FirstVersion, long LastVersion, string? PreviousHash, string HeadHash);

/// <summary>A unit's export: which facts.</summary>
/// <param name="Code">Commune-level unit (5 digits), district (3) or province (2).</param>
/// <param name="From">First day (in Vietnam) of the recorded-time window.</param>
/// <param name="To">Last day of the recorded-time window.</param>
/// <param name="Lineage">Also the units it was formed from across reforms (default false).</param>
public sealed record ExportUnitQuery(
    [FromRoute(Name = "code")] string Code,
    [FromQuery(Name = "from")] string? From,
    [FromQuery(Name = "to")] string? To,
    [FromQuery(Name = "lineage")] bool? Lineage) : IRecordedWindowQuery
{
    public TrailWindow Window(TimeProvider time) => new(Dates.Query(From, time), Dates.Query(To, time), null);

    public sealed class Validator : AbstractValidator<ExportUnitQuery>
    {
        public Validator(TimeProvider time) => Include(new RecordedWindowValidator(time));
    }
}

public static class ExportUnitEndpoint
{
    public const string Format = "bvantq-ledger-export/1";

    /// <summary>A signed bundle of everything recorded about a unit: events, their chain links and a signed manifest.</summary>
    /// <remarks>The events are streamed first, in global order, each with every field of its canonical form; the
    /// manifest (counts, digest, stream heads) follows with its ECDSA P-256 signature and the public key. Verify it
    /// offline against the key you pinned: <c>verify-export bundle.json --public-key ledger.pem</c> (the key from
    /// <c>GET /api/v1/audit/signing-key</c>). A read that fails part-way ends the bundle with an <c>error</c> record
    /// instead of the manifest. Recorded in the access log.</remarks>
    [Authorize(Policy = Access.Audit)]
    // A ten-year stream outlasts the request timeout; cut off after its first flush it could only end truncated.
    [DisableRequestTimeout]
    [WolverineGet("/api/v1/units/{code}/export")]
    [Tags("Audit")]
    [ProducesResponseType<ExportBundle>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get([AsParameters] ExportUnitQuery query, IDocumentStore store, IQuerySession session,
        ExportSigning signing, TimeProvider time, ILoggerFactory loggers, HttpContext context, CancellationToken ct)
    {
        var (code, lineage) = (query.Code, query.Lineage ?? false);
        if (await JurisdictionReach.DeniesAudit(context.User, session, code, lineage, VietnamTime.Today(time), ct) is { } denied)
        {
            return await AccessLog.Denied(store, context, AccessAction.Export, denied, ct);
        }
        if (signing.Key is not { } key)
        {
            return Results.Problem(ExportSigning.Unavailable());
        }
        var scope = await UnitScope.Resolve(session, code, lineage, ct);
        if (scope.IsEmpty)
        {
            return Results.Problem(Problems.NotFound($"No unit ever bore code {code}."));
        }
        await AccessLog.Record(store, context, AccessAction.Export, AccessOutcome.Granted, ct);

        var window = query.Window(time);
        await using var rows = AuditTrail.Read(store, scope, window, 0, null, ct).GetAsyncEnumerator(ct);
        // The first batch is read before the first byte: failing to read at all is still an ordinary problem answer.
        var more = await rows.MoveNextAsync();
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"unit-{code}-export.json\"";
        context.Response.ContentType = "application/json";
        await WriteBundle(context, rows, more, scope, window, lineage, key, time, loggers, ct);
        return Results.Empty;
    }

    /// <summary>
    /// Written straight into the response pipe, events first: the serializer's flushes only hand buffers over, never
    /// block on I/O, and memory stays flat however many events the unit has. The manifest, computed on the way, follows.
    /// A read that fails after the first byte ends the bundle with an <c>error</c> record and no manifest or signature,
    /// which verify-export rejects: never a shorter bundle that looks whole.
    /// </summary>
    private static async Task WriteBundle(HttpContext context, IAsyncEnumerator<TrailRow> rows, bool more, UnitScope scope, TrailWindow window,
        bool lineage, ECDsa key, TimeProvider time, ILoggerFactory loggers, CancellationToken ct)
    {
        var pipe = context.Response.BodyWriter;
        await using var json = new Utf8JsonWriter(pipe);
        using var digest = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var streams = new Dictionary<Guid, StreamExtent>();
        var count = 0;
        json.WriteStartObject();
        json.WriteString("format", Format);
        json.WriteStartArray("events");
        try
        {
            for (; more; more = await rows.MoveNextAsync())
            {
                var row = rows.Current;
                var e = row.ToChained();
                JsonSerializer.Serialize(json, e, BundleJson.Options);
                digest.AppendData(Encoding.UTF8.GetBytes(e.Hash + "\n"));
                streams[e.StreamId] = streams.TryGetValue(e.StreamId, out var s)
                    ? s with { Events = s.Events + 1, LastVersion = e.Version, HeadHash = e.Hash }
                    : new StreamExtent(e.StreamId, 1, e.Version, e.Version, row.PreviousHash, e.Hash);
                if (++count % AuditTrail.Batch == 0)
                {
                    json.Flush();
                    await pipe.FlushAsync(ct);
                }
            }
        }
        catch (Exception failure) when (!ct.IsCancellationRequested)
        {
            loggers.CreateLogger(typeof(ExportUnitEndpoint)).LogError(failure, "Export of {Unit} failed after {Events} events", scope.Code, count);
            json.WriteEndArray();
            json.WritePropertyName("error");
            JsonSerializer.Serialize(json, StreamInterrupted.After(count, context), BundleJson.Options);
            json.WriteEndObject();
            json.Flush();
            await pipe.FlushAsync(ct);
            return;
        }
        json.WriteEndArray();
        var manifest = JsonSerializer.Serialize(new ExportManifest(
            Format, scope.Code, lineage, window.From, window.To, time.GetUtcNow(),
            Access.Subject(context.User), Access.ClientSystem(context.User), count, Convert.ToHexStringLower(digest.GetHashAndReset()),
            [.. streams.Values], ExportSigning.KeyId(key)), BundleJson.Options);
        json.WriteString("manifest", manifest);
        json.WriteString("signature", Convert.ToBase64String(key.SignData(Encoding.UTF8.GetBytes(manifest), HashAlgorithmName.SHA256)));
        json.WriteString("publicKey", key.ExportSubjectPublicKeyInfoPem());
        json.WriteEndObject();
        json.Flush();
        await pipe.FlushAsync(ct);
    }
}

/// <summary>The bundle as a document (for the OpenAPI description and the offline verifier).</summary>
/// <param name="Format">bvantq-ledger-export/1.</param>
/// <param name="Events">The events with every field of their canonical form and their chain links.</param>
/// <param name="Manifest">The manifest's JSON text, exactly as signed.</param>
/// <param name="Signature">ECDSA P-256 / SHA-256 signature (IEEE P1363, base64) of the manifest's UTF-8 bytes.</param>
/// <param name="PublicKey">The signing key's public half (PEM), for information: verify against a key you trust.</param>
/// <param name="Error">Present, instead of the manifest and signature, when reading failed part-way: the bundle is incomplete.</param>
public sealed record ExportBundle(string Format, IReadOnlyList<ChainedEvent> Events, string Manifest, string Signature, string PublicKey,
    StreamInterrupted? Error = null);

/// <summary>One JSON shape for bundles, written by the service and read by the offline verifier.</summary>
public static class BundleJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
