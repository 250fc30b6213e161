using System.Globalization;
using System.Text.Json;
using EventSourced.Api.Infrastructure;
using EventSourced.Api.Ledger;
using EventSourced.Api.Modules.Units;
using FluentValidation;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Wolverine.Http;

namespace EventSourced.Api.Modules.Audit;

/// <summary>One recorded fact in a unit's history.</summary>
/// <param name="Sequence">Global order of the ledger (also the paging cursor).</param>
/// <param name="EventId">The event's id.</param>
/// <param name="Type">Event type, e.g. patrol_recorded.</param>
/// <param name="BusinessTime">When it happened (the business date or time the event states).</param>
/// <param name="RecordedAt">When the ledger recorded it.</param>
/// <param name="ReportedAt">For imports of older records: when the reporting chain learned it (rule 9).</param>
/// <param name="StreamId">The stream (model, commendation, unit version…).</param>
/// <param name="Version">Its version in the stream.</param>
/// <param name="User">Who recorded it: the token's subject.</param>
/// <param name="ClientSystem">Through which system: the token's client.</param>
/// <param name="CorrelationId">The request's correlation id.</param>
/// <param name="CausationId">The command: its Idempotency-Key, else the request id.</param>
/// <param name="Hash">Its link in the stream's hash chain.</param>
/// <param name="Data">The event as stored.</param>
public sealed record HistoryEntry(
    long Sequence, Guid EventId, string Type, string? BusinessTime, DateTimeOffset RecordedAt, string? ReportedAt, Guid StreamId,
    long Version, string? User, string? ClientSystem, string? CorrelationId, string? CausationId, string Hash, JsonElement Data)
{
    public static HistoryEntry Of(TrailRow row)
    {
        using var data = JsonDocument.Parse(row.DataText);
        var business = BusinessTimes.TryGetValue(row.Type, out var field) && data.RootElement.TryGetProperty(field, out var value)
            ? value.ToString()
            : null;
        return new HistoryEntry(row.Sequence, row.EventId, row.Type, business, row.RecordedAt, row.ReportedAt, row.StreamId, row.Version,
            row.User, row.ClientSystem, row.CorrelationId, row.CausationId, row.Hash, data.RootElement.Clone());
    }

    /// <summary>
    /// Where each event type states when it happened: stored type name to JSON member, both as stored events carry
    /// them, whatever the CLR types are later called. HistoryBusinessTimesTests holds this list and the types that state
    /// none (<see cref="GetUnitHistoryEndpoint.OtherTypes"/>) to the registered event types.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> BusinessTimes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["model_registered"] = "launchDate",
        ["patrol_recorded"] = "shiftStart",
        ["model_assessed"] = "assessedOn",
        ["model_discontinued"] = "discontinuedOn",
        ["inspections_recorded"] = "conductedOn",
        ["sanctions_recorded"] = "imposedOn",
        ["case_detected"] = "detectedOn",
        ["case_prosecuted"] = "prosecutedOn",
        ["equipment_installed"] = "installedOn",
        ["equipment_decommissioned"] = "decommissionedOn",
        ["commendation_granted"] = "decisionDate",
        ["unit_version_registered"] = "validFrom",
        ["unit_version_retired"] = "retiredOn",
        ["reform_recorded"] = "effectiveDate",
        ["program_registered"] = "from",
        ["catalogue_type_added"] = "addedOn",
        ["catalogue_type_removed"] = "removedOn",
        ["catalogue_type_assessed"] = "assessedOn",
        ["review_conference_recorded"] = "heldOn",
        ["emulation_cluster_formed"] = "formedOn",
        ["cluster_member_joined"] = "joinedOn",
        ["cluster_member_left"] = "leftOn",
        ["official_rank_recorded"] = "from",
        ["official_position_recorded"] = "from",
        ["record_corrected"] = "correctedOn",
        ["record_retracted"] = "retractedOn",
    };
}

/// <summary>The last line of an NDJSON history whose read failed part-way.</summary>
public sealed record InterruptedLine(StreamInterrupted Error);

/// <summary>A page of a unit's history.</summary>
public sealed record HistoryPage(string Code, IReadOnlyList<HistoryEntry> Items, string? NextCursor);

/// <summary>The recorded-time window that history and export share: days in Vietnam, both inclusive.</summary>
public interface IRecordedWindowQuery
{
    string Code { get; }

    string? From { get; }

    string? To { get; }
}

public sealed class RecordedWindowValidator : AbstractValidator<IRecordedWindowQuery>
{
    public RecordedWindowValidator(TimeProvider time)
    {
        RuleFor(q => q.Code).Must(AdministrativeCodes.IsAnyUnit).WithMessage("Must be a 2-, 3- or 5-digit unit code.");
        RuleFor(q => q.From).QueryDate(time);
        RuleFor(q => q.To).QueryDate(time);
        RuleFor(q => q.To).Must((q, to) => !(Dates.Query(q.From, time) > Dates.Query(to, time))).WithMessage("Must not be before 'from'.");
    }
}

/// <summary>A unit's history: which facts, and which page of them.</summary>
/// <param name="Code">Commune-level unit (5 digits), district (3) or province (2).</param>
/// <param name="From">First day (in Vietnam) of the recorded-time window.</param>
/// <param name="To">Last day of the recorded-time window.</param>
/// <param name="Types">Only these event types, comma-separated (e.g. patrol_recorded,model_assessed).</param>
/// <param name="Lineage">Also the units it was formed from across reforms (default false).</param>
/// <param name="Cursor">The 'nextCursor' of the previous page.</param>
/// <param name="Limit">Page size (default 50, at most 200).</param>
public sealed record UnitHistoryQuery(
    [FromRoute(Name = "code")] string Code,
    [FromQuery(Name = "from")] string? From,
    [FromQuery(Name = "to")] string? To,
    [FromQuery(Name = "types")] string? Types,
    [FromQuery(Name = "lineage")] bool? Lineage,
    [FromQuery(Name = "cursor")] string? Cursor,
    [FromQuery(Name = "limit")] int? Limit) : IRecordedWindowQuery
{
    public string[]? TypeList => Types?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    public TrailWindow Window(TimeProvider time) => new(Dates.Query(From, time), Dates.Query(To, time), TypeList);

    public sealed class Validator : AbstractValidator<UnitHistoryQuery>
    {
        public Validator(TimeProvider time, IOptions<ApiLimits> limits)
        {
            Include(new RecordedWindowValidator(time));
            RuleFor(q => q.TypeList).Must(types => types is null || (types.Length > 0 && Unknown(types).Count == 0))
                .WithMessage((_, types) => $"Unknown event types: {string.Join(", ", Unknown(types!))}.")
                .OverridePropertyName("types");
            RuleFor(q => q.Cursor).SequenceCursor();
            RuleFor(q => q.Limit).PageSize(limits.Value);
        }

        private static List<string> Unknown(string[] types) =>
            types.Where(t => !HistoryEntry.BusinessTimes.ContainsKey(t) && !GetUnitHistoryEndpoint.OtherTypes.Contains(t)).ToList();
    }
}

public static class GetUnitHistoryEndpoint
{
    public const string NdjsonMediaType = "application/x-ndjson";

    /// <summary>Every recorded fact that concerns a unit, in the ledger's global order, with who recorded it and why.</summary>
    /// <remarks>Covers model, commendation and unit streams. With <c>Accept: application/x-ndjson</c> the whole range
    /// is streamed, one entry per line, read in batches so memory stays flat. Each read is recorded in the access log.</remarks>
    [Authorize(Policy = Access.Audit)]
    // A ten-year stream outlasts the request timeout; cut off after its first flush it could only end truncated.
    [DisableRequestTimeout]
    [WolverineGet("/api/v1/units/{code}/history")]
    [Tags("Audit")]
    [ProducesResponseType<HistoryPage>(StatusCodes.Status200OK, "application/json", NdjsonMediaType)]
    public static async Task<IResult> Get([AsParameters] UnitHistoryQuery query, IDocumentStore store, IQuerySession session,
        IOptions<ApiLimits> limits, TimeProvider time, ILoggerFactory loggers, HttpContext context, CancellationToken ct)
    {
        var (code, lineage) = (query.Code, query.Lineage ?? false);
        if (await JurisdictionReach.DeniesAudit(context.User, session, code, lineage, VietnamTime.Today(time), ct) is { } denied)
        {
            return await AccessLog.Denied(store, context, AccessAction.History, denied, ct);
        }
        var scope = await UnitScope.Resolve(session, code, lineage, ct);
        if (scope.IsEmpty)
        {
            return Results.Problem(Problems.NotFound($"No unit ever bore code {code}."));
        }
        await AccessLog.Record(store, context, AccessAction.History, AccessOutcome.Granted, ct);

        var window = query.Window(time);
        var after = ApiLimits.SequenceAfter(query.Cursor);
        var json = context.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        if (context.Request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals(NdjsonMediaType, StringComparison.OrdinalIgnoreCase)))
        {
            await Stream(context, AuditTrail.Read(store, scope, window, after, null, ct), json, loggers, ct);
            return Results.Empty;
        }

        var pageSize = limits.Value.PageSize(query.Limit);
        var items = new List<HistoryEntry>();
        await foreach (var row in AuditTrail.Read(store, scope, window, after, pageSize + 1, ct))
        {
            items.Add(HistoryEntry.Of(row));
        }
        var next = items.Count > pageSize ? items[pageSize - 1].Sequence.ToString(CultureInfo.InvariantCulture) : null;
        return Results.Ok(new HistoryPage(code, items.Take(pageSize).ToList(), next));
    }
    /// <summary>
    /// One entry per line, flushed per batch. The first batch is read before the first byte, so failing to read at all
    /// is still an ordinary problem answer; a failure after it ends the stream with an <c>{"error": …}</c> line.
    /// </summary>
    private static async Task Stream(HttpContext context, IAsyncEnumerable<TrailRow> trail, JsonSerializerOptions json, ILoggerFactory loggers,
        CancellationToken ct)
    {
        await using var rows = trail.GetAsyncEnumerator(ct);
        var more = await rows.MoveNextAsync();
        context.Response.ContentType = NdjsonMediaType;
        var body = context.Response.Body;
        var newline = "\n"u8.ToArray();
        var written = 0;
        try
        {
            for (; more; more = await rows.MoveNextAsync())
            {
                await JsonSerializer.SerializeAsync(body, HistoryEntry.Of(rows.Current), json, ct);
                await body.WriteAsync(newline, ct);
                if (++written % AuditTrail.Batch == 0)
                {
                    await body.FlushAsync(ct);
                }
            }
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            loggers.CreateLogger(typeof(GetUnitHistoryEndpoint)).LogError(e, "History stream of {Path} failed after {Entries} entries", context.Request.Path, written);
            await JsonSerializer.SerializeAsync(body, new InterruptedLine(StreamInterrupted.After(written, context)), json, ct);
            await body.WriteAsync(newline, ct);
        }
    }

    /// <summary>Event types that state no business time of their own.</summary>
    internal static readonly HashSet<string> OtherTypes = new(StringComparer.Ordinal)
    {
        "commendation_authority_recorded", "official_registered",
    };
}
