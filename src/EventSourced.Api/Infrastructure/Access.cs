using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace EventSourced.Api.Infrastructure;

/// <summary>
/// Who may call what. Callers are other agencies' systems presenting JWT bearer tokens from a configured issuer
/// (an OpenID Connect provider such as Keycloak, or a partner's published key); each token names its subject, its
/// client system, its roles and its jurisdiction. Every route declares one of the policies below; only health and the
/// OpenAPI document are anonymous (docs/api.md, "Access").
/// </summary>
public static class Access
{
    public const string Recorder = "recorder";
    public const string Auditor = "auditor";
    public const string Analyst = "analyst";
    public const string Admin = "admin";
    public static readonly IReadOnlyList<string> Roles = [Recorder, Auditor, Analyst, Admin];

    /// <summary>Write movement records (models, their activity, commendations, catalogues) within the jurisdiction.</summary>
    public const string Record = "record";

    /// <summary>Read records and the read models built from them within the jurisdiction (recorders need ETags).</summary>
    public const string ReadRecords = "read-records";

    /// <summary>Statistics, summaries and reconciliations within the jurisdiction.</summary>
    public const string ReadStatistics = "read-statistics";

    /// <summary>Raw history, verification, exports and the access log (issue 4's audit routes).</summary>
    public const string Audit = "audit";

    /// <summary>Reference data every role needs: units, lineage, programs, model types, authorities, clusters.</summary>
    public const string ReadReference = "read-reference";

    /// <summary>
    /// Reference data, reforms and operations on the ledger itself. Reference data is shared by every province, so
    /// this also needs national jurisdiction.
    /// </summary>
    public const string Administer = "administer";

    /// <summary>The policies and the roles each admits; the route × role matrix test reads this table too.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> Policies = new Dictionary<string, IReadOnlyList<string>>
    {
        [Record] = [Recorder],
        [ReadRecords] = [Recorder, Analyst, Auditor],
        [ReadStatistics] = [Analyst, Auditor],
        [Audit] = [Auditor],
        [ReadReference] = [Recorder, Auditor, Analyst, Admin],
        [Administer] = [Admin],
    };

    /// <summary>Policies whose routes act on the whole country (not one province), so they need jurisdiction VN.</summary>
    public static readonly IReadOnlySet<string> NationalPolicies = new HashSet<string>(StringComparer.Ordinal) { Administer };

    /// <summary>The token's subject: the person or service account that acted.</summary>
    public static string? Subject(ClaimsPrincipal user) => user.FindFirstValue(JwtRegisteredClaimNames.Sub);

    /// <summary>
    /// The client system the token was issued to (OpenID Connect <c>azp</c>; <c>client_id</c> for OAuth 2.0 token
    /// exchange). Idempotency keys and rate limits are scoped by it.
    /// </summary>
    public static string? ClientSystem(ClaimsPrincipal user) =>
        user.FindFirstValue(JwtRegisteredClaimNames.Azp) ?? user.FindFirstValue("client_id");

    public static IServiceCollection AddAccess(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var options = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        var developmentKey = options.DevelopmentKeyEnabled ?? !environment.IsProduction();
        var issuers = options.Issuers.ToList();
        if (developmentKey)
        {
            issuers.Add(new TrustedIssuer { Issuer = DevelopmentTokens.Issuer });
        }

        var authentication = services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme);
        // One bearer scheme per trusted issuer; the default scheme forwards by the token's (not yet trusted) "iss",
        // and the chosen scheme then checks signature, issuer, audience and lifetime.
        authentication.AddPolicyScheme(JwtBearerDefaults.AuthenticationScheme, "Bearer token", o =>
            o.ForwardDefaultSelector = context => SchemeFor(context, issuers));
        for (var i = 0; i < issuers.Count; i++)
        {
            var issuer = issuers[i];
            authentication.AddJwtBearer(SchemeName(i), o => ConfigureBearer(o, issuer, options, configuration));
        }
        if (issuers.Count == 0)
        {
            // Production with no issuer configured: every call is refused with 401 until one is.
            authentication.AddJwtBearer(NoIssuerScheme, o => ConfigureBearer(o, new TrustedIssuer(), options, configuration));
        }

        services.AddAuthorization(o =>
        {
            foreach (var (policy, roles) in Policies)
            {
                o.AddPolicy(policy, p =>
                {
                    p.RequireAuthenticatedUser().RequireRole(roles);
                    if (NationalPolicies.Contains(policy))
                    {
                        p.RequireClaim(Jurisdiction.ClaimType, Jurisdiction.National);
                    }
                });
            }
            // A route someone forgets to label still needs a caller with a role of this ledger.
            o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().RequireRole(Roles).Build();
        });
        return services;
    }

    private static string SchemeName(int index) => $"issuer-{index}";

    private static string SchemeFor(HttpContext context, List<TrustedIssuer> issuers)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var handler = new JsonWebTokenHandler();
            var token = header["Bearer ".Length..].Trim();
            if (handler.CanReadToken(token))
            {
                var iss = handler.ReadJsonWebToken(token).Issuer;
                for (var i = 0; i < issuers.Count; i++)
                {
                    if (string.Equals(issuers[i].Issuer, iss, StringComparison.Ordinal))
                    {
                        return SchemeName(i);
                    }
                }
            }
        }
        // No token, or an issuer nobody trusts: the first scheme answers with its challenge (401).
        return issuers.Count > 0 ? SchemeName(0) : NoIssuerScheme;
    }

    private const string NoIssuerScheme = "no-issuer";

    private static void ConfigureBearer(JwtBearerOptions o, TrustedIssuer issuer, AuthOptions options, IConfiguration configuration)
    {
        // Keep the token's own claim names (sub, azp, roles): no mapping onto WS-Federation URIs.
        o.MapInboundClaims = false;
        o.TokenHandlers.Clear();
        o.TokenHandlers.Add(new ValidatedTokens(issuer.MaxLifetime));
        o.RequireHttpsMetadata = issuer.RequireHttpsMetadata;
        if (issuer.Authority is { Length: > 0 } authority)
        {
            // Keys come from the provider's discovery document and are refreshed when it rotates them.
            o.Authority = authority;
        }
        o.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = issuer.Issuer,
            ValidAudience = options.Audience,
            ValidateAudience = true,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.FromMinutes(1),
            NameClaimType = JwtRegisteredClaimNames.Sub,
            RoleClaimType = options.RoleClaim,
            IssuerSigningKeys = issuer.Authority is { Length: > 0 } ? null : LoadKeys(issuer, configuration),
        };
        o.Events = new JwtBearerEvents
        {
            // 401 and 403 are problem documents like every other error.
            OnChallenge = async context =>
            {
                context.HandleResponse();
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                context.Response.Headers.WWWAuthenticate = context.AuthenticateFailure is null
                    ? "Bearer"
                    : "Bearer error=\"invalid_token\"";
                await Results.Problem(Problems.Unauthenticated(context.AuthenticateFailure switch
                {
                    null => "Send a bearer token from a trusted issuer in the Authorization header.",
                    TokenLifetimeTooLongException tooLong => tooLong.Message,
                    _ => "The bearer token was refused: wrong issuer, audience or signature, or expired.",
                })).ExecuteAsync(context.HttpContext);
            },
            OnForbidden = context => Results.Problem(Problems.Forbidden(Needs(context.HttpContext))).ExecuteAsync(context.HttpContext),
            OnTokenValidated = context =>
            {
                // Roles and jurisdiction may arrive under other claim names (e.g. Keycloak mappers): copy them to ours.
                if (context.Principal?.Identity is ClaimsIdentity identity)
                {
                    Jurisdiction.Normalise(identity, options);
                }
                return Task.CompletedTask;
            },
        };
    }

    private static string Needs(HttpContext context)
    {
        var policy = context.GetEndpoint()?.Metadata.GetMetadata<IAuthorizeData>()?.Policy;
        var roles = policy is not null && Policies.TryGetValue(policy, out var admitted) ? admitted : Roles;
        var national = policy is not null && NationalPolicies.Contains(policy) ? $" and national jurisdiction ({Jurisdiction.National})" : "";
        return $"This route needs the role {string.Join(" or ", roles)}{national}.";
    }

    private static IEnumerable<SecurityKey> LoadKeys(TrustedIssuer issuer, IConfiguration configuration)
    {
        if (issuer.Issuer.Length == 0)
        {
            return [];
        }
        if (issuer.Issuer == DevelopmentTokens.Issuer)
        {
            return [DevelopmentTokens.LoadOrCreate(configuration)];
        }
        var pem = issuer.PublicKeyPem ?? (issuer.PublicKeyFile is { } file ? File.ReadAllText(file) : null)
            ?? throw new InvalidOperationException($"Issuer {issuer.Issuer}: configure Authority, PublicKeyPem or PublicKeyFile.");
        return [SigningKeys.PublicKeyFromPem(pem)];
    }
}

/// <summary>Configuration section "Auth" (docs/api.md shows a Keycloak set-up).</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>The audience every token must name: this ledger's client id at the provider.</summary>
    public string Audience { get; set; } = "bvantq-ledger";

    /// <summary>Issuers whose tokens are accepted.</summary>
    public List<TrustedIssuer> Issuers { get; set; } = [];

    /// <summary>Claim that lists roles (Keycloak: a "User Realm Role" mapper with this token claim name).</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>Claim that lists jurisdictions (Keycloak: a multivalued "User Attribute" mapper).</summary>
    public string JurisdictionClaim { get; set; } = Jurisdiction.ClaimType;

    /// <summary>
    /// Trust tokens signed with the locally generated development key (the <c>token</c> command). Default: on
    /// outside Production, off in Production.
    /// </summary>
    public bool? DevelopmentKeyEnabled { get; set; }
}

/// <summary>An issuer whose tokens are accepted, with where its signing keys come from.</summary>
public sealed class TrustedIssuer
{
    /// <summary>The token's "iss", exactly, e.g. https://sso.example.gov.vn/realms/bvantq.</summary>
    public string Issuer { get; set; } = "";

    /// <summary>OpenID Connect provider whose discovery document publishes the keys (usually the issuer itself).</summary>
    public string? Authority { get; set; }

    /// <summary>Or a fixed public key, PEM (SubjectPublicKeyInfo, RSA or EC).</summary>
    public string? PublicKeyPem { get; set; }

    /// <summary>Or a file holding that PEM.</summary>
    public string? PublicKeyFile { get; set; }

    /// <summary>Discovery over plain HTTP only for a provider on the same machine.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>The default cap: longer than a working day, short enough that a leaked token dies the same day.</summary>
    public static readonly TimeSpan DefaultMaxLifetime = TimeSpan.FromHours(12);

    /// <summary>
    /// Longest lifetime (<c>exp</c> - <c>iat</c>, and <c>exp</c> - now) accepted from this issuer: a token, once
    /// accepted, stays accepted until it expires, so this bounds how long a leaked one works.
    /// </summary>
    public TimeSpan MaxLifetime { get; set; } = DefaultMaxLifetime;
}
