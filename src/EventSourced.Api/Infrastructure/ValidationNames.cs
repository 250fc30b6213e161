using System.Runtime.CompilerServices;
using FluentValidation;
using FluentValidation.Internal;

namespace EventSourced.Api.Infrastructure;

/// <summary>Validation errors name fields the way the client wrote them: JSON paths in camelCase (recipient.unitCode).</summary>
public static class ValidationNames
{
    /// <summary>Set once for the process, before any validator runs (host or test).</summary>
    [ModuleInitializer]
    internal static void UseJsonPaths()
    {
        ValidatorOptions.Global.PropertyNameResolver = (_, member, expression) =>
            Problems.JsonPath(expression is null ? member?.Name ?? "" : PropertyChain.FromExpression(expression).ToString());
        ValidatorOptions.Global.DisplayNameResolver = ValidatorOptions.Global.PropertyNameResolver;
        // One message per field: the first rule it breaks ("required" rather than "required" and "malformed").
        ValidatorOptions.Global.DefaultRuleLevelCascadeMode = CascadeMode.Stop;
    }
}
