using EventSourced.Api.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace EventSourced.Api.Modules.Models;

/// <summary>State rules shared by the commands that record what a model did.</summary>
public static class ModelRules
{
    /// <summary>Activity can only be recorded for a date on which the model operated: 422 before its launch, 409 from its discontinuation.</summary>
    public static ProblemDetails? OperatingOn(SecurityModel model, DateOnly date, string field)
    {
        if (model.IsDiscontinuedOn(date))
        {
            return Problems.Conflict($"Model {model.Id} was discontinued on {model.DiscontinuedOn:yyyy-MM-dd}; nothing can be recorded for {date:yyyy-MM-dd}.");
        }
        return date < model.LaunchDate
            ? Problems.RuleViolated($"Model {model.Id} was launched on {model.LaunchDate:yyyy-MM-dd}; {date:yyyy-MM-dd} is before it.", field)
            : null;
    }
}
