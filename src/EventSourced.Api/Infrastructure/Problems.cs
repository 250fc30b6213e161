using System.Text.Json;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.AspNetCore.Mvc;

namespace EventSourced.Api.Infrastructure;

/// <summary>
/// Every error the API answers is an RFC 7807 problem document with a stable type URN; this is the one place that
/// builds them, so agency systems can switch on <c>type</c>.
/// </summary>
public static class Problems
{
    public const string ValidationType = "urn:bvantq:problem:validation";
    public const string MalformedType = "urn:bvantq:problem:malformed-request";
    public const string NotFoundType = "urn:bvantq:problem:not-found";
    public const string ConflictType = "urn:bvantq:problem:conflict";
    public const string RuleViolatedType = "urn:bvantq:problem:rule-violated";
    public const string ConcurrencyType = "urn:bvantq:problem:concurrency-conflict";
    public const string UnauthenticatedType = "urn:bvantq:problem:unauthenticated";
    public const string ForbiddenType = "urn:bvantq:problem:forbidden";
    public const string StoreUnavailableType = "urn:bvantq:problem:store-unavailable";

    public static ValidationProblemDetails Validation(IDictionary<string, string[]> errors) => new(errors)
    {
        Type = ValidationType,
        Title = "The request has invalid fields.",
        Status = StatusCodes.Status400BadRequest,
        Detail = "See 'errors': each key is the JSON path of a field at fault.",
    };

    public static ValidationProblemDetails Validation(ValidationResult result) => Validation(
        result.Errors
            .GroupBy(e => e.PropertyName, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray(), StringComparer.Ordinal));

    public static ValidationProblemDetails Field(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    /// <summary>401: no token, or one this ledger does not trust.</summary>
    public static ProblemDetails Unauthenticated(string detail) => new()
    {
        Type = UnauthenticatedType,
        Title = "Authentication required.",
        Status = StatusCodes.Status401Unauthorized,
        Detail = detail,
    };

    /// <summary>403: a trusted caller outside the route's roles or outside its jurisdiction.</summary>
    public static ProblemDetails Forbidden(string detail) => new()
    {
        Type = ForbiddenType,
        Title = "Not allowed for this caller.",
        Status = StatusCodes.Status403Forbidden,
        Detail = detail,
    };

    public static ProblemDetails NotFound(string detail) => new()
    {
        Type = NotFoundType,
        Title = "Not found.",
        Status = StatusCodes.Status404NotFound,
        Detail = detail,
    };

    /// <summary>409: the request conflicts with the current state of the resource (e.g. the model is discontinued).</summary>
    public static ProblemDetails Conflict(string detail) => new()
    {
        Type = ConflictType,
        Title = "The request conflicts with the current state.",
        Status = StatusCodes.Status409Conflict,
        Detail = detail,
    };

    /// <summary>422: well-formed, but breaks a domain rule against recorded facts (e.g. a patrol before the launch date).</summary>
    public static ProblemDetails RuleViolated(string detail, string? field = null)
    {
        var problem = new ProblemDetails
        {
            Type = RuleViolatedType,
            Title = "The request breaks a rule of the ledger.",
            Status = StatusCodes.Status422UnprocessableEntity,
            Detail = detail,
        };
        if (field is not null)
        {
            problem.Extensions["field"] = field;
        }
        return problem;
    }

    /// <summary>Runs a FluentValidation validator; null when the command is valid.</summary>
    public static ProblemDetails? Check<T>(IValidator<T> validator, T command)
    {
        var result = validator.Validate(command);
        return result.IsValid ? null : Validation(result);
    }

    /// <summary>JSON field paths in camelCase, the way clients wrote them (FluentValidation uses CLR names).</summary>
    public static string JsonPath(string clrPath) =>
        string.Join('.', clrPath.Split('.').Select(segment => JsonNamingPolicy.CamelCase.ConvertName(segment)));
}
