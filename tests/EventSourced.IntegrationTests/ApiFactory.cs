using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using EventSourced.Api;
using EventSourced.Api.Infrastructure;
using EventSourced.Api.Modules.Seeds;
using JasperFx.CommandLine;
using Marten;
using Marten.Events;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Tokens;
using Npgsql;
using Wolverine;

namespace EventSourced.IntegrationTests;

/// <summary>
/// The real service in process (WebApplicationFactory) on the real PostgreSQL that ops/test provides. One host per
/// test class, in a schema of its own that is dropped afterwards, so classes run in parallel without seeing each other.
/// </summary>
public class ApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public static readonly JsonSerializerOptions Json = CreateJson();

    static ApiFactory()
    {
        // Program ends with RunJasperFxCommands; under a test host it must start the host rather than parse a command.
        JasperFxEnvironment.AutoStartHost = true;
    }

    public string Schema { get; } = $"it_{Guid.NewGuid():N}"[..15];

    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("ConnectionStrings__Marten")
        ?? throw new InvalidOperationException("Run the tests through ops/test, which provides PostgreSQL and sets ConnectionStrings__Marten.");

    public IDocumentStore Store => Services.GetRequiredService<IDocumentStore>();

    /// <summary>The tests' own development key (generated on first use, outside the repository).</summary>
    /// <summary>
    /// The service's own build output (src/EventSourced.Api/bin/&lt;configuration&gt;/&lt;framework&gt;), where the commands
    /// run as operators run them: the copy beside the tests shares a folder with test-only assemblies (FsCheck and
    /// FSharp.Core) that the service's command scanning would try to load without their dependency list.
    /// </summary>
    public static string ServiceDirectory
    {
        get
        {
            var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var (framework, configuration) = (output.Name, output.Parent!.Name);
            var root = output;
            while (root is not null && !File.Exists(Path.Combine(root.FullName, "EventSourced.sln")))
            {
                root = root.Parent;
            }
            return Path.Combine(root!.FullName, "src", "EventSourced.Api", "bin", configuration, framework);
        }
    }

    public static string ServiceDll => Path.Combine(ServiceDirectory, "EventSourced.Api.dll");

    public static readonly string TestKeyPath = Path.Combine(Path.GetTempPath(), "bvantq-ledger-tests", "token-signing.pem");

    private static readonly IConfiguration TokenSettings = new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { [DevelopmentTokens.KeyPathSetting] = TestKeyPath })
        .Build();

    /// <summary>Every role, national jurisdiction: what most suites call with; the access suites narrow it.</summary>
    public static readonly TokenRequest Everything = new(
        "test-officer", "integration-tests", Access.Roles, [Jurisdiction.National], TimeSpan.FromHours(2));

    public static ECDsaSecurityKey TestSigningKey => DevelopmentTokens.LoadOrCreate(TokenSettings);

    public static string Token(TokenRequest request) => DevelopmentTokens.Mint(TokenSettings, request);

    /// <summary>A client calling as the given roles within the given jurisdictions.</summary>
    public HttpClient ClientAs(IReadOnlyList<string> roles, params string[] jurisdictions) =>
        ClientWith(Everything with { Roles = roles, Jurisdictions = jurisdictions });

    public HttpClient ClientWith(TokenRequest request)
    {
        var client = CreateDefaultClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(request));
        return client;
    }

    /// <summary>A client without any token.</summary>
    public HttpClient AnonymousClient()
    {
        var client = CreateDefaultClient();
        client.DefaultRequestHeaders.Authorization = null;
        return client;
    }

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token(Everything));
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("ConnectionStrings:Marten", ConnectionString);
        builder.UseSetting(EventStore.SchemaKey, Schema);
        builder.UseSetting(DevelopmentTokens.KeyPathSetting, TestKeyPath);
        builder.UseSetting("Audit:SigningKeyPath", Path.Combine(Path.GetTempPath(), "bvantq-ledger-tests", "export-signing.pem"));
        // The suites fire thousands of requests from one client; the limits get their own fixture (ProtectionTests).
        builder.UseSetting("Api:RequestsPerSecond", "100000");
        builder.UseSetting("Api:Burst", "100000");
        // Test output shows failures, not Marten's schema DDL.
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        ConfigureSettings(builder);
        builder.ConfigureServices(services =>
        {
            services.RunWolverineInSoloMode();
            services.DisableAllExternalWolverineTransports();
        });
    }

    /// <summary>For fixtures that run the service with other settings.</summary>
    protected virtual void ConfigureSettings(IWebHostBuilder builder)
    {
    }

    public async Task InitializeAsync()
    {
        _ = Server;
        await SeedLoader.LoadUnits(Store, await ReferenceUnitsToLoad(), null, CancellationToken.None);
        await SeedLoader.LoadReferenceLists(Store, Json, null, CancellationToken.None);
        await AfterReferenceData();
    }

    /// <summary>For fixtures that load more before their tests run.</summary>
    protected virtual Task AfterReferenceData() => Task.CompletedTask;

    /// <summary>The reference units of seeds/units.json, loaded through the command handlers as `seed` does.</summary>
    protected virtual Task<UnitsSeedFile> ReferenceUnitsToLoad() => ReferenceUnits();

    public static Task<UnitsSeedFile> ReferenceUnits() =>
        SeedLoader.ReadUnits(SeedLoader.Locate("units.json"), Json, CancellationToken.None);

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"drop schema if exists {Schema} cascade", connection);
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>Every event stored, whatever its stream: the measure of "nothing was appended".</summary>
    public async Task<long> EventCount()
    {
        await using var session = Store.QuerySession();
        return await session.Events.QueryAllRawEvents().LongCountAsync();
    }

    /// <summary>Waits until every async projection has reached the store's high-water mark; never a sleep.</summary>
    public Task WaitForProjections() => Store.WaitForNonStaleProjectionDataAsync(TimeSpan.FromSeconds(60));

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        ApiNames.UseApiEnums(options);
        return options;
    }
}

public static class HttpAssertions
{
    /// <summary>Reads a problem document and checks it is one (RFC 7807 media type, status in the body).</summary>
    public static async Task<JsonElement> ShouldBeProblem(this HttpResponseMessage response, int status)
    {
        var body = await response.Content.ReadAsStringAsync();
        ((int)response.StatusCode).ShouldBe(status, body);
        response.Content.Headers.ContentType.ShouldNotBeNull(body).MediaType.ShouldBe("application/problem+json", body);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        problem.GetProperty("status").GetInt32().ShouldBe(status);
        problem.GetProperty("title").GetString().ShouldNotBeNullOrWhiteSpace();
        body.ShouldNotContain("   at ", customMessage: "no stack trace in a response");
        body.ShouldNotContain("EventSourced.Api", customMessage: "no CLR type names in a response");
        return problem;
    }

    /// <summary>The fields a validation problem names.</summary>
    public static IReadOnlyList<string> Fields(this JsonElement problem) =>
        problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).ToList();

    public static async Task<T> Read<T>(this HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue(body);
        return JsonSerializer.Deserialize<T>(body, ApiFactory.Json)!;
    }

    public static Task<HttpResponseMessage> PostJson<T>(this HttpClient client, string url, T body) =>
        client.PostAsJsonAsync(url, body, ApiFactory.Json);
}
