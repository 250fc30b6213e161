using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using EventSourced.Api.Infrastructure;
using EventSourced.Api.Modules.Catalogues;
using EventSourced.Api.Modules.Models;
using EventSourced.Api.Modules.Units;
using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace EventSourced.IntegrationTests.Infrastructure;

/// <summary>
/// Who may call what (issue 5, items 1–3): every route × every role, in and out of jurisdiction. Roles are checked on
/// every route by enumerating the routing table, so a route added later is covered without touching this file;
/// jurisdiction is checked per route class with real requests.
/// </summary>
public class AccessTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _national = api.CreateClient();

    private static readonly string[] All = [.. Access.Roles];

    /// <summary>Every /api route with its method and policy, placeholders filled with well-formed values.</summary>
    private List<(string Method, string Url, string? Policy, string Pattern)> Routes() =>
        api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(method => (method, Fill(e.RoutePattern.RawText!), e.Metadata.GetMetadata<IAuthorizeData>()?.Policy, e.RoutePattern.RawText!)))
            .OrderBy(r => r.Item4, StringComparer.Ordinal).ThenBy(r => r.method, StringComparer.Ordinal)
            .ToList();

    private static string Fill(string pattern) => pattern
        .Replace("{modelId}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
        .Replace("{caseId}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
        .Replace("{patrolId}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
        .Replace("{commendationId}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
        .Replace("{officialId}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
        .Replace("{reviewId}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
        .Replace("{programId}", "chuong-trinh-09", StringComparison.Ordinal)
        .Replace("{provinceCode}", "79", StringComparison.Ordinal)
        .Replace("{typeCode}", "apartment-self-management-team", StringComparison.Ordinal)
        .Replace("{code}", "27259", StringComparison.Ordinal);

    private static HttpRequestMessage Request(string method, string url) => new(new HttpMethod(method), url)
    {
        Content = method == "POST" ? JsonContent.Create(new { }) : null,
    };

    [Fact]
    public void Every_api_route_declares_one_of_the_access_policies()
    {
        var routes = Routes();

        routes.Count.ShouldBeGreaterThan(40);
        routes.Where(r => r.Policy is null || !Access.Policies.ContainsKey(r.Policy))
            .Select(r => $"{r.Method} {r.Pattern}").ShouldBeEmpty();
    }

    [Fact]
    public async Task Every_api_route_answers_401_with_a_problem_document_without_a_token_and_records_nothing()
    {
        var anonymous = api.AnonymousClient();
        var before = await api.EventCount();

        foreach (var (method, url, _, pattern) in Routes())
        {
            var response = await anonymous.SendAsync(Request(method, url));

            var problem = await response.ShouldBeProblem(401);
            problem.GetProperty("type").GetString().ShouldBe(Problems.UnauthenticatedType, $"{method} {pattern}");
            response.Headers.WwwAuthenticate.ToString().ShouldStartWith("Bearer", customMessage: $"{method} {pattern}");
        }
        (await api.EventCount()).ShouldBe(before);
    }

    [Fact]
    public async Task Every_api_route_answers_403_to_each_role_outside_its_policy()
    {
        var checkedPairs = 0;
        foreach (var role in All)
        {
            var client = api.ClientAs([role], Jurisdiction.National);
            foreach (var (method, url, policy, pattern) in Routes().Where(r => !Access.Policies[r.Policy!].Contains(role)))
            {
                var problem = await (await client.SendAsync(Request(method, url))).ShouldBeProblem(403);
                problem.GetProperty("detail").GetString()!.ShouldContain(Access.Policies[policy!][0], customMessage: $"{role}: {method} {pattern}");
                checkedPairs++;
            }
        }
        checkedPairs.ShouldBeGreaterThan(60, "every write route refuses three roles, every statistics route two");
    }

    [Fact]
    public async Task Every_api_route_lets_its_own_roles_past_the_role_check()
    {
        foreach (var (method, url, policy, pattern) in Routes())
        {
            foreach (var role in Access.Policies[policy!])
            {
                var response = await api.ClientAs([role], Jurisdiction.National).SendAsync(Request(method, url));

                ((int)response.StatusCode).ShouldNotBeOneOf([401, 403], $"{role}: {method} {pattern}");
            }
        }
    }

    [Fact]
    public async Task Health_and_the_OpenAPI_document_answer_without_a_token()
    {
        var anonymous = api.AnonymousClient();

        (await anonymous.GetAsync("/health")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await anonymous.GetAsync("/swagger/v1/swagger.json")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Tokens_that_are_expired_signed_by_another_key_for_another_audience_or_from_an_unknown_issuer_get_401()
    {
        using var strangerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var ours = ApiFactory.TestSigningKey;
        string Sign(SecurityKey key, string issuer = DevelopmentTokens.Issuer, string audience = "bvantq-ledger", DateTime? expires = null) =>
            new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Issuer = issuer,
                Audience = audience,
                Claims = new Dictionary<string, object> { ["sub"] = "x", ["azp"] = "y", ["roles"] = "analyst", [Jurisdiction.ClaimType] = "VN" },
                IssuedAt = (expires ?? DateTime.UtcNow.AddHours(1)).AddHours(-2),
                NotBefore = (expires ?? DateTime.UtcNow.AddHours(1)).AddHours(-2),
                Expires = expires ?? DateTime.UtcNow.AddHours(1),
                SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.EcdsaSha256),
            });
        var refused = new Dictionary<string, string>
        {
            ["expired"] = Sign(ours, expires: DateTime.UtcNow.AddMinutes(-5)),
            ["another key"] = Sign(new ECDsaSecurityKey(strangerKey)),
            ["another audience"] = Sign(ours, audience: "some-other-api"),
            ["unknown issuer"] = Sign(ours, issuer: "https://sso.example.invalid/realms/x"),
            ["not a JWT"] = "not-a-token",
        };
        var client = api.AnonymousClient();

        // A well-formed token from our key is accepted (so the refusals below are about what differs).
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Sign(ours));
        (await client.GetAsync("/api/v1/provinces/79/statistics")).StatusCode.ShouldBe(HttpStatusCode.OK);
        foreach (var (why, token) in refused)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            var response = await client.GetAsync("/api/v1/provinces/79/statistics");
            (await response.ShouldBeProblem(401)).GetProperty("type").GetString().ShouldBe(Problems.UnauthenticatedType, why);
        }
    }

    [Fact]
    public async Task Recorders_write_to_models_of_their_ward_or_province_and_get_403_elsewhere_with_nothing_recorded()
    {
        var modelIn13 = await _national.RegisteredModel(unit: "27259");
        var inWard = api.ClientAs([Access.Recorder], "27259");
        var inProvince = api.ClientAs([Access.Recorder], "79");
        var otherWard = api.ClientAs([Access.Recorder], "27262");
        var otherProvince = api.ClientAs([Access.Recorder], "01");

        (await inWard.PostJson($"/api/v1/models/{modelIn13}/patrols", RecordPatrol.Example)).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await inProvince.PostJson($"/api/v1/models/{modelIn13}/patrols", RecordPatrol.Example)).StatusCode.ShouldBe(HttpStatusCode.Created);
        var before = await api.EventCount();
        var refusedPatrol = await (await otherWard.PostJson($"/api/v1/models/{modelIn13}/patrols", RecordPatrol.Example)).ShouldBeProblem(403);
        await (await otherProvince.PostJson($"/api/v1/models/{modelIn13}/patrols", RecordPatrol.Example)).ShouldBeProblem(403);
        await (await otherWard.PostJson("/api/v1/models", RegisterModel.Example with { ProvinceCode = "79", UnitCode = "27259" })).ShouldBeProblem(403);
        await (await otherWard.Discontinue(modelIn13, new DiscontinueModel(new DateOnly(2024, 1, 1), "Giải thể"))).ShouldBeProblem(403);
        (await api.EventCount()).ShouldBe(before);
        refusedPatrol.GetProperty("type").GetString().ShouldBe(Problems.ForbiddenType);
        refusedPatrol.GetProperty("detail").GetString()!.ShouldContain("outside this caller's jurisdiction");
        (await inWard.PostJson("/api/v1/models", RegisterModel.Example with { ProvinceCode = "79", UnitCode = "27259" }))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task A_recorders_ward_follows_its_lineage_across_the_2021_and_2025_reforms()
    {
        // Phường 12 (27256) went wholly into Phường 13 (27259) in 2021, which became Phường Xóm Chiếu in 2025;
        // Phường 09 (27262) went into Phường 9 (27265) in January 2025, which became Phường Khánh Hội in July.
        var modelIn13 = await _national.RegisteredModel(unit: "27259", launch: new DateOnly(2023, 4, 1));
        var modelIn09 = await _national.RegisteredModel(unit: "27262", launch: new DateOnly(2023, 4, 1));
        var formerWard12 = api.ClientAs([Access.Recorder], "27256");
        var khanhHoi = api.ClientAs([Access.Recorder], "27265");

        (await formerWard12.PostJson($"/api/v1/models/{modelIn13}/patrols", RecordPatrol.Example)).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await khanhHoi.PostJson($"/api/v1/models/{modelIn09}/patrols", RecordPatrol.Example)).StatusCode.ShouldBe(HttpStatusCode.Created);
        await (await formerWard12.PostJson($"/api/v1/models/{modelIn09}/patrols", RecordPatrol.Example)).ShouldBeProblem(403);
        await (await khanhHoi.PostJson($"/api/v1/models/{modelIn13}/patrols", RecordPatrol.Example)).ShouldBeProblem(403);
    }

    [Fact]
    public async Task Only_province_or_national_recorders_maintain_a_province_catalogue()
    {
        var command = AddCatalogueType.Example with { TypeCode = "access-test-type", Name = "Loại thử quyền" };

        await (await api.ClientAs([Access.Recorder], "27259").PostJson("/api/v1/provinces/79/catalogue", command)).ShouldBeProblem(403);
        await (await api.ClientAs([Access.Recorder], "01").PostJson("/api/v1/provinces/79/catalogue", command)).ShouldBeProblem(403);
        (await api.ClientAs([Access.Recorder], "79").PostJson("/api/v1/provinces/79/catalogue", command)).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Commendations_are_granted_and_read_only_within_the_recipients_jurisdiction()
    {
        var granted = await api.ClientAs([Access.Recorder], "27259").GrantedCommendation(unit: "27259");

        await (await api.ClientAs([Access.Recorder], "27262").PostJson("/api/v1/commendations",
            Api.Modules.Commendations.GrantCommendation.Example with { ProvinceCode = "79" })).ShouldBeProblem(403);
        (await api.ClientAs([Access.Analyst], "79").GetAsync($"/api/v1/commendations/{granted}")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await api.ClientAs([Access.Analyst], "01").GetAsync($"/api/v1/commendations/{granted}")).ShouldBeProblem(403);
    }

    [Fact]
    public async Task Analysts_and_auditors_read_models_and_statistics_of_their_province_only()
    {
        var modelId = await _national.RegisteredModel(unit: "27259");
        foreach (var role in new[] { Access.Analyst, Access.Auditor })
        {
            var hcmc = api.ClientAs([role], "79");
            var hanoi = api.ClientAs([role], "01");
            foreach (var url in new[]
            {
                $"/api/v1/models/{modelId}", $"/api/v1/models/{modelId}/effectiveness", "/api/v1/provinces/79/statistics",
                "/api/v1/provinces/79/model-figures", "/api/v1/provinces/79/catalogue", "/api/v1/units/27259/statistics?from=2023-01-01",
                "/api/v1/models?province=79", "/api/v1/models?unit=27259",
            })
            {
                (await hcmc.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.OK, $"{role} of 79: {url}");
                await (await hanoi.GetAsync(url)).ShouldBeProblem(403);
            }
        }
    }

    [Fact]
    public async Task Listing_every_model_cluster_comparisons_and_administration_need_national_jurisdiction()
    {
        var provincial = api.ClientAs([Access.Analyst, Access.Admin], "79");
        var unit = new RegisterUnit("27997", "Phường Thử Quyền", UnitLevel.Ward, "773", new DateOnly(2010, 1, 1), null);

        (await (await provincial.GetAsync("/api/v1/models")).ShouldBeProblem(403)).GetProperty("detail").GetString()!.ShouldContain("province");
        await (await provincial.GetAsync("/api/v1/clusters/bca-cum-1/comparison?from=2023-01-01")).ShouldBeProblem(403);
        (await (await provincial.PostJson("/api/v1/units", unit)).ShouldBeProblem(403)).GetProperty("detail").GetString()!.ShouldContain("national");
        (await api.ClientAs([Access.Analyst], Jurisdiction.National).GetAsync("/api/v1/models")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await api.ClientAs([Access.Admin], Jurisdiction.National).PostJson("/api/v1/units", unit)).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Reference_data_is_readable_by_every_role_in_any_jurisdiction()
    {
        foreach (var role in All)
        {
            var client = api.ClientAs([role], "27262");
            foreach (var url in new[] { "/api/v1/units/27259", "/api/v1/units/27259/lineage", "/api/v1/model-types", "/api/v1/programs", "/api/v1/commendation-authorities" })
            {
                (await client.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.OK, $"{role}: {url}");
            }
        }
    }

    [Fact]
    public async Task Events_record_the_tokens_subject_and_client_system_whatever_the_request_claims()
    {
        var officer = api.ClientWith(ApiFactory.Everything with { Subject = "officer-0427", Client = "hcmc-police-records" });
        var modelId = await officer.RegisteredModel();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/models/{modelId}/patrols") { Content = JsonContent.Create(RecordPatrol.Example, options: ApiFactory.Json) };
        request.Headers.TryAddWithoutValidation("X-User", "someone-else");

        (await officer.SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.Created);

        await using var session = api.Store.QuerySession();
        var events = await session.Events.FetchStreamAsync(modelId);
        events.Count.ShouldBe(2);
        events.Select(e => e.UserName).ShouldBe(["officer-0427", "officer-0427"]);
        events.Select(e => e.Headers?[EventMetadataMiddleware.ClientHeader]?.ToString()).ShouldBe(["hcmc-police-records", "hcmc-police-records"]);
    }

    [Fact]
    public async Task The_same_idempotency_key_from_two_client_systems_records_two_patrols()
    {
        var modelId = await _national.RegisteredModel();
        async Task<(HttpResponseMessage Response, PatrolAccepted Patrol)> Post(string client)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/models/{modelId}/patrols") { Content = JsonContent.Create(RecordPatrol.Example, options: ApiFactory.Json) };
            request.Headers.TryAddWithoutValidation(RequestMetadata.IdempotencyHeader, "shift-0001");
            var response = await api.ClientWith(ApiFactory.Everything with { Client = client }).SendAsync(request);
            return (response, await response.Read<PatrolAccepted>());
        }

        var fromDistrict = await Post("district-4-police");
        var fromFront = await Post("fatherland-front-hcmc");
        var retryFromDistrict = await Post("district-4-police");

        fromFront.Patrol.PatrolId.ShouldNotBe(fromDistrict.Patrol.PatrolId);
        retryFromDistrict.Patrol.PatrolId.ShouldBe(fromDistrict.Patrol.PatrolId);
        retryFromDistrict.Response.Headers.GetValues(IdempotencyMiddleware.ReplayedHeader).ShouldBe(["true"]);
        (await (await _national.GetAsync($"/api/v1/models/{modelId}")).Read<SecurityModel>()).Totals.PatrolShifts.ShouldBe(2);
    }

    [Fact]
    public async Task The_token_command_prints_a_token_the_service_accepts_for_its_role_and_unit()
    {
        var dll = ApiFactory.ServiceDll;
        var start = new ProcessStartInfo("dotnet", [dll, "token", "--role", "recorder", "--unit", "27259", "--subject", "cli-officer"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = ApiFactory.ServiceDirectory,
        };
        start.Environment["Auth__DevelopmentKeyPath"] = ApiFactory.TestKeyPath;
        start.Environment["DOTNET_ENVIRONMENT"] = "Development";
        // Minting needs no database.
        start.Environment.Remove("ConnectionStrings__Marten");
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        process.ExitCode.ShouldBe(0, errors);
        var token = output.Trim();
        token.Split('.').Length.ShouldBe(3, "stdout holds the token and nothing else, so TOKEN=$(… token …) works");
        var client = api.AnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var modelIn13 = await _national.RegisteredModel(unit: "27259");
        var modelIn09 = await _national.RegisteredModel(unit: "27262");

        (await client.PostJson($"/api/v1/models/{modelIn13}/patrols", RecordPatrol.Example)).StatusCode.ShouldBe(HttpStatusCode.Created);
        await (await client.PostJson($"/api/v1/models/{modelIn09}/patrols", RecordPatrol.Example)).ShouldBeProblem(403);
        await (await client.GetAsync("/api/v1/provinces/79/statistics")).ShouldBeProblem(403);
        await using var session = api.Store.QuerySession();
        (await session.Events.FetchStreamAsync(modelIn13))[^1].UserName.ShouldBe("cli-officer");
    }
}
