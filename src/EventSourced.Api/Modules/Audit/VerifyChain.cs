using EventSourced.Api.Infrastructure;
using EventSourced.Api.Ledger;
using EventSourced.Api.Modules.Units;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using Wolverine.Http;

namespace EventSourced.Api.Modules.Audit;

public static class VerifyStreamEndpoint
{
    /// <summary>Recompute a stream's hash chain: OK, or the first broken link and why.</summary>
    /// <remarks>Detects an event whose data or metadata changed (ALTERED), was deleted (DELETED), moved or swapped
    /// (MOVED), written around the ledger (UNCHAINED), a chain rewritten (RELINKED, GAP) and a tail removed since the
    /// last checkpoint (TRUNCATED). The read is recorded in the access log.</remarks>
    [Authorize(Policy = Access.Audit)]
    [WolverineGet("/api/v1/streams/{streamId}/verification")]
    [Tags("Audit")]
    [ProducesResponseType<StreamVerification>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(Guid streamId, IDocumentStore store, IQuerySession session, TimeProvider time, HttpContext context, CancellationToken ct)
    {
        if (!await Covers(context, store, session, streamId, VietnamTime.Today(time), ct))
        {
            return await AccessLog.Denied(store, context, AccessAction.Verification, Jurisdiction.Denied($"Stream {streamId}"), ct);
        }
        await AccessLog.Record(store, context, AccessAction.Verification, AccessOutcome.Granted, ct);
        var verification = await ChainStore.VerifyStream(store, streamId, ct);
        return verification.Events == 0 && verification.Findings.Count == 0
            ? Results.Problem(Problems.NotFound($"No stream {streamId} is recorded."))
            : Results.Ok(verification);
    }

    /// <summary>
    /// A stream's place is every unit its events name (a model's events follow its unit across reforms): all of them
    /// must lie in the caller's jurisdiction. Streams that name none (programs, clusters) are national.
    /// </summary>
    private static async Task<bool> Covers(HttpContext context, IDocumentStore store, IQuerySession session, Guid streamId, DateOnly today, CancellationToken ct)
    {
        if (Jurisdiction.IsNational(context.User))
        {
            return true;
        }
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        var chain = $"{store.Options.Events.DatabaseSchemaName}.{AuditSchema.ChainTable}";
        await using var read = new NpgsqlCommand(
            $"select exists (select 1 from {chain} where stream_id = $1), "
            + $"array(select distinct unit_version_id from {chain} where stream_id = $1 and unit_version_id is not null)",
            connection);
        read.Parameters.AddWithValue(streamId);
        await using var reader = await read.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        if (!reader.GetBoolean(0))
        {
            return true; // nothing chained under that id: the answer is 404 for everyone
        }
        var unitIds = reader.GetFieldValue<Guid[]>(1);
        var units = await session.LoadManyAsync<AdministrativeUnit>(ct, unitIds);
        return units.Count > 0 && units.Count == unitIds.Length
            && (await JurisdictionReach.Within(context.User, session, [.. units], today, ct)).Count == units.Count;
    }
}

public static class VerifyUnitEndpoint
{
    /// <summary>Recompute the hash chain of every stream that concerns a unit.</summary>
    /// <param name="code">Commune-level unit (5 digits), district (3) or province (2).</param>
    /// <param name="lineage">Also the streams of the units it was formed from across reforms (default: true when all of them lie in the caller's jurisdiction).</param>
    /// <remarks>OK when every stream is; else each broken stream with its first broken link. Recorded in the access log.</remarks>
    [Authorize(Policy = Access.Audit)]
    [WolverineGet("/api/v1/units/{code}/verification")]
    [Tags("Audit")]
    [ProducesResponseType<UnitVerification>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(string code, bool? lineage, IDocumentStore store, IQuerySession session, TimeProvider time, HttpContext context, CancellationToken ct)
    {
        if (!AdministrativeCodes.IsAnyUnit(code))
        {
            return Results.Problem(Problems.Field("code", "Must be a 2-, 3- or 5-digit unit code."));
        }
        if (await JurisdictionReach.DeniesAudit(context.User, session, code, lineage == true, VietnamTime.Today(time), ct) is { } denied)
        {
            return await AccessLog.Denied(store, context, AccessAction.Verification, denied, ct);
        }
        // Lineage by default only where all of it lies in the caller's jurisdiction (JurisdictionReach.CoversLineage).
        var withLineage = lineage ?? await JurisdictionReach.CoversLineage(context.User, session, code, VietnamTime.Today(time), ct);
        var scope = await UnitScope.Resolve(session, code, withLineage, ct);
        if (scope.IsEmpty)
        {
            return Results.Problem(Problems.NotFound($"No unit ever bore code {code}."));
        }
        await AccessLog.Record(store, context, AccessAction.Verification, AccessOutcome.Granted, ct);

        var streams = new List<Guid>();
        await using (var connection = store.Storage.Database.CreateConnection())
        {
            await connection.OpenAsync(ct);
            await using var read = new NpgsqlCommand { Connection = connection };
            read.CommandText = $"select distinct c.stream_id from {store.Options.Events.DatabaseSchemaName}.{AuditSchema.ChainTable} c where {scope.Condition(read)}";
            await using var reader = await read.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                streams.Add(reader.GetGuid(0));
            }
        }
        var verified = new List<StreamVerification>();
        foreach (var stream in streams)
        {
            verified.Add(await ChainStore.VerifyStream(store, stream, ct));
        }
        var broken = verified.Where(v => v.Status == VerificationStatus.Broken).ToList();
        return Results.Ok(new UnitVerification(code, broken.Count == 0 ? VerificationStatus.Ok : VerificationStatus.Broken,
            verified.Count, verified.Sum(v => v.Events), broken));
    }
}
