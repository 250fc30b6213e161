using EventSourced.Api.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourced.Api.Modules.Reference;

public static class ListModelTypesEndpoint
{
    /// <summary>The model types a model can be registered as (the national list; codes are stable).</summary>
    [Authorize(Policy = Access.ReadReference)]
    [WolverineGet("/api/v1/model-types")]
    [Tags("Reference")]
    [ProducesResponseType<IReadOnlyList<ModelType>>(StatusCodes.Status200OK)]
    public static IReadOnlyList<ModelType> Get() => ModelTypes.All;
}
