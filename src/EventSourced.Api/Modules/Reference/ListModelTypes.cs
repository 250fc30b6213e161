using Microsoft.AspNetCore.Mvc;
using Wolverine.Http;

namespace EventSourced.Api.Modules.Reference;

public static class ListModelTypesEndpoint
{
    /// <summary>The model types a model can be registered as (the national list; codes are stable).</summary>
    [WolverineGet("/api/v1/model-types")]
    [Tags("Reference")]
    [ProducesResponseType<IReadOnlyList<ModelType>>(StatusCodes.Status200OK)]
    public static IReadOnlyList<ModelType> Get() => ModelTypes.All;
}

public static class ListProgramsEndpoint
{
    /// <summary>The coordination programs a model or commendation can refer to.</summary>
    [WolverineGet("/api/v1/programs")]
    [Tags("Reference")]
    [ProducesResponseType<IReadOnlyList<CoordinationProgram>>(StatusCodes.Status200OK)]
    public static IReadOnlyList<CoordinationProgram> Get() => Programs.All;
}
