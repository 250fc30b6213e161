using System.Security.Claims;
using EventSourced.Api.Infrastructure;
using EventSourced.Api.Modules.Reference;
using EventSourced.Api.Modules.Units;
using Marten;
using Marten.Linq.MatchesSql;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Wolverine.Http;

namespace EventSourced.Api.Modules.Models;

/// <summary>One page of a list.</summary>
/// <param name="Items">The items, in registration order.</param>
/// <param name="NextCursor">Pass as 'cursor' for the next page; null on the last page.</param>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

public static class ListModelsEndpoint
{
    /// <summary>Models, filtered by province, unit, type and lead organisation, in registration order.</summary>
    /// <param name="province">Province code (2 digits).</param>
    /// <param name="unit">Commune-level unit code (5 digits).</param>
    /// <param name="type">Model type code.</param>
    /// <param name="lead">Lead organisation, e.g. POLICE or FATHERLAND_FRONT.</param>
    /// <param name="cursor">The 'nextCursor' of the previous page.</param>
    /// <param name="limit">Page size (default 50, at most 200).</param>
    /// <remarks>Keyset paging: a page is stable however many models are registered meanwhile. Callers without national
    /// jurisdiction name a province or unit; where their jurisdiction holds only part of it (a district of the province)
    /// they get the models registered within that part, and 403 where it holds none of it.</remarks>
    [Authorize(Policy = Access.ReadRecords)]
    [WolverineGet("/api/v1/models")]
    [Tags("Models")]
    [ProducesResponseType<Page<SecurityModel>>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get(
        string? province, string? unit, string? type, string? lead, string? cursor, int? limit,
        ClaimsPrincipal user, IQuerySession session, IOptions<ApiLimits> limits, TimeProvider time, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (province is not null && !AdministrativeCodes.IsProvince(province)) errors["province"] = ["Must be a 2-digit province code."];
        if (unit is not null && !AdministrativeCodes.IsCommuneLevel(unit)) errors["unit"] = ["Must be a 5-digit commune-level unit code."];
        if (type is not null && !ModelTypes.Exists(type)) errors["type"] = ["Not a known model type; see GET /api/v1/model-types."];
        Organisation? leadOrganisation = null;
        if (lead is not null)
        {
            if (ApiNames.TryParse<Organisation>(lead, out var parsed)) leadOrganisation = parsed;
            else errors["lead"] = [$"Must be one of {string.Join(", ", ApiNames.All<Organisation>())}."];
        }
        Guid after = default;
        if (cursor is not null && !Guid.TryParseExact(cursor, "N", out after)) errors["cursor"] = ["Not a cursor this API returned."];
        var pageSize = limits.Value.PageSize(limit, errors);
        if (errors.Count > 0)
        {
            return Results.Problem(Problems.Validation(errors));
        }
        var query = session.Query<SecurityModel>().AsQueryable();
        if (!Jurisdiction.IsNational(user))
        {
            // Only national callers may list across provinces; others name the province or unit they may see.
            if ((unit ?? province) is not { } place)
            {
                return Results.Problem(Problems.Forbidden("Name a 'province' or 'unit' within this caller's jurisdiction; only national callers list every model."));
            }
            var today = VietnamTime.Today(time);
            if (!await Jurisdiction.CoversCode(user, session, place, today, ct))
            {
                // A jurisdiction over part of the place (a district of the province) lists the models registered within
                // that part, by the unit version they were registered in; one over none of it is refused.
                var versions = unit is null
                    ? await session.Query<AdministrativeUnit>().Where(u => u.ProvinceCode == province).ToListAsync(ct)
                    : await session.Query<AdministrativeUnit>().Where(u => u.Code == unit).ToListAsync(ct);
                var within = (await Jurisdiction.Within(user, session, versions, today, ct)).ToArray();
                if (within.Length == 0)
                {
                    return Results.Problem(Jurisdiction.Denied(unit is null ? $"Province {province}" : $"Unit {unit}"));
                }
                query = query.Where(m => within.Contains(m.Unit.UnitVersionId));
            }
        }
        if (province is not null) query = query.Where(m => m.ProvinceCode == province);
        if (unit is not null) query = query.Where(m => m.UnitCode == unit);
        if (type is not null) query = query.Where(m => m.ModelType == type);
        if (leadOrganisation is { } organisation) query = query.Where(m => m.LeadOrganisation == organisation);
        // Ids are version-7 UUIDs: ordered by creation time, so keyset paging on the primary key is registration order.
        if (cursor is not null) query = query.Where(m => m.MatchesSql("d.id > ?", after));

        var rows = await query.OrderBy(m => m.Id).Take(pageSize + 1).ToListAsync(ct);
        var items = rows.Take(pageSize).ToList();
        var next = rows.Count > pageSize ? items[^1].Id.ToString("N") : null;
        return Results.Ok(new Page<SecurityModel>(items, next));
    }
}
