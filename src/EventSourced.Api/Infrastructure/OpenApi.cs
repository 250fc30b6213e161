using System.Reflection;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;
using Wolverine.Http;

namespace EventSourced.Api.Infrastructure;

/// <summary>The OpenAPI document agency systems code against, served at /swagger.</summary>
public static class OpenApi
{
    public static IServiceCollection AddLedgerOpenApi(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(o =>
        {
            o.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "BVANTQ ledger API",
                Version = "v1",
                Description = "Append-only ledger of the \"Toàn dân bảo vệ an ninh Tổ quốc\" movement: security models, patrols, "
                    + "commendations, and the statistics projected from them. Every error is an RFC 7807 problem document.",
            });
            var xml = Path.Combine(AppContext.BaseDirectory, $"{typeof(OpenApi).Assembly.GetName().Name}.xml");
            o.IncludeXmlComments(xml, includeControllerXmlComments: true);
            o.SupportNonNullableReferenceTypes();
            o.CustomSchemaIds(SchemaId);
            o.AddSecurityDefinition(BearerScheme, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                BearerFormat = "JWT",
                Description = "A JWT from a trusted issuer (OpenID Connect provider) naming 'roles' (recorder, auditor, analyst, admin) "
                    + "and 'jurisdiction' (VN, a province, district or commune-level unit code). Development: `token --role … --unit …`.",
            });
            o.OperationFilter<ProblemResponses>();
            o.OperationFilter<RequestExamples>();
            o.OperationFilter<QueryRecordDocs>(XDocument.Load(xml));
            o.DocumentFilter<NoFrameworkSchemas>();
        });
        return services;
    }

    private const string BearerScheme = "bearer";

    /// <summary>Schema names by module (Models.RecordPatrol), generics spelled out (Models.PageOfSecurityModel).</summary>
    private static string SchemaId(Type type)
    {
        var name = type.Namespace is { } ns && ns.StartsWith("EventSourced.Api.Modules.", StringComparison.Ordinal)
            ? $"{ns["EventSourced.Api.Modules.".Length..]}.{type.Name}"
            : type.Name;
        return type.IsGenericType
            ? $"{name[..name.IndexOf('`', StringComparison.Ordinal)]}Of{string.Join("And", type.GetGenericArguments().Select(a => a.Name))}"
            : name;
    }

    /// <summary>Declares the problem documents every operation can answer, beside those an endpoint declares itself.</summary>
    private sealed class ProblemResponses : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            var problem = context.SchemaGenerator.GenerateSchema(typeof(ProblemDetails), context.SchemaRepository);
            var validation = context.SchemaGenerator.GenerateSchema(typeof(ValidationProblemDetails), context.SchemaRepository);
            var method = context.ApiDescription.HttpMethod ?? "GET";
            var hasBody = context.ApiDescription.ParameterDescriptions.Any(p => p.Source.Id == "Body");
            var hasRouteId = context.ApiDescription.ParameterDescriptions.Any(p => p.Source.Id == "Path");

            operation.Responses ??= [];
            // Wolverine adds a default 200 to every endpoint and a 404 to many; keep only what can really be answered.
            if (operation.Responses.Keys.Any(k => k is "201" or "204"))
            {
                operation.Responses.Remove("200");
            }
            if (!hasRouteId)
            {
                operation.Responses.Remove("404");
            }
            if (QueryRecord(context) is not null)
            {
                // Wolverine declares a bare 400 of its own for a record-bound query; its validator answers field by field.
                operation.Responses.Remove("400");
            }
            Add(operation, "400", "Invalid input: 'errors' names each field at fault (JSON path).", validation);
            if (hasBody || method == "POST")
            {
                Add(operation, "413", "The body is larger than the limit.", problem);
                Add(operation, "415", "The body is not JSON.", problem);
            }
            if (hasRouteId)
            {
                Add(operation, "404", "No such resource.", problem);
            }
            Add(operation, "500", "Unexpected failure; nothing was recorded. Quote the correlation id.", problem);
            DeclareAccess(operation, context, problem);
            if (method == "POST")
            {
                Add(operation, "422", "A rule of the ledger is broken, or the Idempotency-Key was used before with another body.", problem);
                Add(operation, "409", "A conflicting write happened first.", problem);
                operation.Parameters ??= [];
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = RequestMetadata.IdempotencyHeader,
                    In = ParameterLocation.Header,
                    Description = "Makes retries safe: the same key and body replay the first answer (kept 24 h, per client system).",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 128 },
                });
            }
            if (context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<RequiresIfMatchAttribute>().Any())
            {
                Add(operation, "428", "If-Match is required on this route: send the ETag you read.", problem);
                foreach (var header in operation.Parameters?.OfType<OpenApiParameter>().Where(p => p.Name == "If-Match") ?? [])
                {
                    header.Required = true;
                }
            }

            // Wolverine advertises some 4xx answers of its own without content: they are problem documents too.
            foreach (var (status, response) in operation.Responses)
            {
                if (status.StartsWith('4') && response is OpenApiResponse { Content: null or { Count: 0 } } bare)
                {
                    bare.Content = ProblemContent(problem);
                }
            }
        }

        /// <summary>The bearer requirement, and 401/403/429, on every operation that is not anonymous.</summary>
        private static void DeclareAccess(OpenApiOperation operation, OperationFilterContext context, IOpenApiSchema problem)
        {
            var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
            if (metadata.OfType<Microsoft.AspNetCore.Authorization.IAllowAnonymous>().Any())
            {
                return;
            }
            var policy = metadata.OfType<Microsoft.AspNetCore.Authorization.IAuthorizeData>().FirstOrDefault()?.Policy;
            var roles = policy is not null && Access.Policies.TryGetValue(policy, out var admitted) ? admitted : Access.Roles;
            var national = policy is not null && Access.NationalPolicies.Contains(policy) ? " with national jurisdiction (VN)" : " within the caller's jurisdiction";
            operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(BearerScheme, context.Document)] = [] }];
            Add(operation, "401", "No bearer token, or one that is expired or not from a trusted issuer.", problem);
            Add(operation, "403", $"Needs the role {string.Join(" or ", roles)}{national}.", problem);
            Add(operation, "429", "Too many requests from this client system; retry after Retry-After seconds.", problem);
        }

        private static void Add(OpenApiOperation operation, string status, string description, IOpenApiSchema schema) =>
            operation.Responses!.TryAdd(status, new OpenApiResponse { Description = description, Content = ProblemContent(schema) });

        private static Dictionary<string, IOpenApiMediaType> ProblemContent(IOpenApiSchema schema) =>
            new() { ["application/problem+json"] = new OpenApiMediaType { Schema = schema } };
    }

    /// <summary>The <c>[AsParameters]</c> record a read binds its query to, if any.</summary>
    private static Type? QueryRecord(OperationFilterContext context) =>
        context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<HttpChain>().FirstOrDefault()?.Method.Method.GetParameters()
            .FirstOrDefault(p => p.IsDefined(typeof(AsParametersAttribute), inherit: false))?.ParameterType;

    /// <summary>
    /// A query record documents its parameters as the record's <c>param</c> tags, where Swashbuckle looks only at an
    /// endpoint method's own: carry them over, so that binding a query once leaves its documentation as it was.
    /// </summary>
    private sealed class QueryRecordDocs(XDocument xml) : IOperationFilter
    {
        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            if (QueryRecord(context) is not { } record)
            {
                return;
            }
            var docs = xml.Descendants("member").FirstOrDefault(m => (string?)m.Attribute("name") == $"T:{record.FullName}")?.Elements("param");
            foreach (var member in record.GetConstructors().Single().GetParameters())
            {
                var name = member.GetCustomAttribute<FromQueryAttribute>()?.Name;
                var doc = docs?.FirstOrDefault(d => (string?)d.Attribute("name") == member.Name) is { } tag
                    ? XmlCommentsTextHelper.Humanize(string.Concat(tag.Nodes()))
                    : null;
                foreach (var parameter in operation.Parameters?.OfType<OpenApiParameter>() ?? [])
                {
                    if (parameter.In == ParameterLocation.Query && parameter.Name == name && parameter.Description is null)
                    {
                        parameter.Description = doc;
                    }
                }
            }
        }
    }

    /// <summary>Endpoints return IResult internally; that type is no part of the contract.</summary>
    private sealed class NoFrameworkSchemas : IDocumentFilter
    {
        public void Apply(OpenApiDocument document, DocumentFilterContext context) => document.Components?.Schemas?.Remove("IResult");
    }

    /// <summary>
    /// A command record documents its own example as a static <c>Example</c> property (Vietnamese names with
    /// diacritics), so the example compiles against the contract and cannot drift from it.
    /// </summary>
    private sealed class RequestExamples(IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json) : IOperationFilter
    {
        private readonly JsonSerializerOptions _json = json.Value.SerializerOptions;

        public void Apply(OpenApiOperation operation, OperationFilterContext context)
        {
            var body = context.ApiDescription.ParameterDescriptions.FirstOrDefault(p => p.Source.Id == "Body")?.Type;
            var example = body?.GetProperty("Example", BindingFlags.Public | BindingFlags.Static)?.GetValue(null);
            if (example is null || operation.RequestBody?.Content is not { } content)
            {
                return;
            }
            foreach (var media in content.Values.OfType<OpenApiMediaType>())
            {
                media.Example = JsonSerializer.SerializeToNode(example, body!, _json);
            }
        }
    }
}
