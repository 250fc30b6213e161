using System.Security.Claims;
using EventSourced.Api.Infrastructure;
using EventSourced.Api.Ledger;
using EventSourced.Api.Modules.Reference;
using EventSourced.Api.Modules.Units;
using FluentValidation;
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

/// <summary>Which models, and which page of them.</summary>
/// <param name="Province">Province code (2 digits).</param>
/// <param name="Unit">Commune-level unit code (5 digits).</param>
/// <param name="Type">Model type code.</param>
/// <param name="Lead">Lead organisation, e.g. POLICE or FATHERLAND_FRONT.</param>
/// <param name="Cursor">The 'nextCursor' of the previous page.</param>
/// <param name="Limit">Page size (default 50, at most 200).</param>
public sealed record ListModelsQuery(
    [FromQuery(Name = "province")] string? Province,
    [FromQuery(Name = "unit")] string? Unit,
    [FromQuery(Name = "type")] string? Type,
    [FromQuery(Name = "lead")] string? Lead,
    [FromQuery(Name = "cursor")] string? Cursor,
    [FromQuery(Name = "limit")] int? Limit)
{
    public Organisation? LeadOrganisation => Lead is not null && ApiNames.TryParse<Organisation>(Lead, out var lead) ? lead : null;

    /// <summary>The last id of the previous page: ids are version-7 UUIDs, so keyset paging on them is registration order.</summary>
    public Guid? After => Guid.TryParseExact(Cursor, "N", out var after) ? after : null;

    public sealed class Validator : AbstractValidator<ListModelsQuery>
    {
        public Validator(IOptions<ApiLimits> limits)
        {
            RuleFor(q => q.Province).Must(p => p is null || AdministrativeCodes.IsProvince(p)).WithMessage("Must be a 2-digit province code.");
            RuleFor(q => q.Unit).Must(u => u is null || AdministrativeCodes.IsCommuneLevel(u)).WithMessage("Must be a 5-digit commune-level unit code.");
            RuleFor(q => q.Type).Must(t => t is null || ModelTypes.Exists(t)).WithMessage("Not a known model type; see GET /api/v1/model-types.");
            RuleFor(q => q.Lead).Must((q, lead) => lead is null || q.LeadOrganisation is not null)
                .WithMessage($"Must be one of {string.Join(", ", ApiNames.All<Organisation>())}.");
            RuleFor(q => q.Cursor).Must((q, cursor) => cursor is null || q.After is not null).WithMessage(ApiLimits.CursorMessage);
            RuleFor(q => q.Limit).PageSize(limits.Value);
        }
    }
}

public static class ListModelsEndpoint
{
    /// <summary>Models, filtered by province, unit, type and lead organisation, in registration order.</summary>
    /// <remarks>Keyset paging: a page is stable however many models are registered meanwhile. Callers without national
    /// jurisdiction name a province or unit; where their jurisdiction holds only part of it (a district of the province)
    /// they get the models registered within that part, and 403 where it holds none of it.</remarks>
    [Authorize(Policy = Access.ReadRecords)]
    [WolverineGet("/api/v1/models")]
    [Tags("Models")]
    [ProducesResponseType<Page<SecurityModel>>(StatusCodes.Status200OK)]
    public static async Task<IResult> Get([AsParameters] ListModelsQuery filter, ClaimsPrincipal user, IQuerySession session, IOptions<ApiLimits> limits,
        TimeProvider time, CancellationToken ct)
    {
        var (province, unit, type) = (filter.Province, filter.Unit, filter.Type);
        var pageSize = limits.Value.PageSize(filter.Limit);
        var query = session.Query<SecurityModel>().AsQueryable();
        if (!Jurisdiction.IsNational(user))
        {
            // Only national callers may list across provinces; others name the province or unit they may see.
            if ((unit ?? province) is not { } place)
            {
                return Results.Problem(Problems.Forbidden("Name a 'province' or 'unit' within this caller's jurisdiction; only national callers list every model."));
            }
            // A jurisdiction over part of the place (a district of the province) lists the models registered within
            // that part, by the unit version they were registered in; one over none of it is refused.
            var versions = unit is null
                ? await session.Query<AdministrativeUnit>().Where(u => u.ProvinceCode == province).ToListAsync(ct)
                : await session.Query<AdministrativeUnit>().Where(u => u.Code == unit).ToListAsync(ct);
            var within = (await JurisdictionReach.Within(user, session, versions, VietnamTime.Today(time), ct)).ToArray();
            if (within.Length == 0)
            {
                return Results.Problem(Jurisdiction.Denied(unit is null ? $"Province {province}" : $"Unit {unit}"));
            }
            if (within.Length < versions.Count)
            {
                query = query.Where(m => within.Contains(m.Unit.UnitVersionId));
            }
        }
        if (province is not null) query = query.Where(m => m.ProvinceCode == province);
        if (unit is not null) query = query.Where(m => m.UnitCode == unit);
        if (type is not null) query = query.Where(m => m.ModelType == type);
        if (filter.LeadOrganisation is { } organisation) query = query.Where(m => m.LeadOrganisation == organisation);
        if (filter.After is { } after) query = query.Where(m => m.MatchesSql("d.id > ?", after));

        var rows = await query.OrderBy(m => m.Id).Take(pageSize + 1).ToListAsync(ct);
        var items = rows.Take(pageSize).ToList();
        var next = rows.Count > pageSize ? items[^1].Id.ToString("N") : null;
        return Results.Ok(new Page<SecurityModel>(items, next));
    }
}
