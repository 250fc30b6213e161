using EventSourced.Api.Infrastructure;
using EventSourced.Api.Ledger;
using EventSourced.Api.Modules.Units;
using Marten;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourced.Api.Modules.Models;

/// <summary>
/// Wolverine middleware on routes under <c>/models/{modelId}</c>: the model's unit must be in the caller's
/// jurisdiction. A model that does not exist passes through to the endpoint's own 404. National callers need no read;
/// others need the unit the model was registered in, which never changes, so it is kept in memory once read.
/// </summary>
public static class ModelJurisdiction
{
    public static async Task<ProblemDetails> Before(HttpContext context, IQuerySession session, ModelPlaces places, TimeProvider time, CancellationToken ct)
    {
        if (Jurisdiction.IsNational(context.User) || !Guid.TryParse(context.Request.RouteValues["modelId"]?.ToString(), out var modelId)
            || await places.Of(session, modelId, ct) is not { } unit)
        {
            return WolverineContinue.NoProblems;
        }
        return await JurisdictionReach.Covers(context.User, session, unit, VietnamTime.Today(time), ct)
            ? WolverineContinue.NoProblems
            : Jurisdiction.Denied($"Model {modelId} ({unit.Name}, {unit.Code})");
    }
}
