using EventSourced.Api;
using EventSourced.Api.Infrastructure;
using EventSourced.Api.Modules.Audit;
using EventSourced.Api.Modules.Models;
using EventSourced.Api.Modules.Statistics;
using EventSourced.Api.Modules.Units;
using FluentValidation;
using JasperFx;
using JasperFx.CodeGeneration;
using JasperFx.Events.Daemon;
using Marten;
using Spectre.Console;
using Wolverine;
using Wolverine.Http;
using Wolverine.Marten;

if (args.FirstOrDefault() is "token" or "verify-export")
{
    // Minting a development token and checking an export need no database: a host without Marten.
    // JasperFx's own chatter goes to stderr, so `TOKEN=$(… token …)` captures the token alone.
    AnsiConsole.Console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
    return await Host.CreateDefaultBuilder(args).RunJasperFxCommands(args);
}

var builder = WebApplication.CreateBuilder(args);
// The service connects as the service role; db-apply and the other commands as the role that owns the schema.
var maintenance = DatabaseRoles.IsMaintenanceCommand(args);
var migratesOnStart = DatabaseRoles.MigratesOnStart(builder.Configuration, builder.Environment, maintenance);
if (!builder.Environment.IsDevelopment())
{
    // One JSON object per line with the request's scope (CorrelationId); bodies are never logged, so no personal data.
    builder.Logging.ClearProviders().AddJsonConsole(o =>
    {
        o.IncludeScopes = true;
        o.UseUtcTimestamp = true;
    });
}

builder.Services.Configure<ApiLimits>(builder.Configuration.GetSection("Api"));
builder.Services.ConfigureHttpJsonOptions(o => ApiNames.ConfigureHttp(o.SerializerOptions));
builder.Services.AddSingleton(TimeProvider.System);
if (builder.Environment.IsProduction() && !maintenance)
{
    // Before Marten and Wolverine start, so a refused role stops the service before it touches anything.
    builder.Services.AddHostedService<DatabaseRoleCheck>();
}
builder.Services.AddValidatorsFromAssemblyContaining<Program>(ServiceLifetime.Singleton);

// The async daemon runs Solo: this build's DistributedLock bridge (ops/nuget/shim) lacks the lock pool HotCold
// leader election needs, so one node runs the projections (docs/architecture.md, "Past one node"). The service holds
// the projections' lock from before the daemon starts, so rebuild-statistics refuses while it runs (ProjectionsLock).
builder.Services.AddHostedService<ProjectionsLock.Holder>();
var marten = builder.Services.AddMarten(opts => EventStore.Configure(opts, builder.Configuration, builder.Environment, maintenance))
    .IntegrateWithWolverine()
    .AddAsyncDaemon(DaemonMode.Solo);
if (migratesOnStart)
{
    // Development and tests build the whole schema at start-up; Production and the service role leave it to `db-apply`.
    marten.ApplyAllDatabaseChangesOnStartup();
}

builder.Host.UseWolverine(opts =>
{
    // Every endpoint or handler that takes a Marten session commits it (events, inline projections, outbox) in one transaction.
    opts.Policies.AutoApplyTransactions();
    opts.Durability.Mode = DurabilityMode.Solo;
    // Handlers are compiled at start-up by Roslyn (WolverineFx.RuntimeCompilation): no generated code to keep in
    // step with the source. docs/architecture.md records the choice and the start-up cost.
    opts.CodeGeneration.TypeLoadMode = TypeLoadMode.Dynamic;
    opts.EnableRelayOfUserName = true;
    if (!migratesOnStart)
    {
        // The envelope tables are created by `db-apply` with the rest; the service role could not create them.
        opts.AutoBuildMessageStorageOnStartup = AutoCreate.None;
    }
});
builder.Services.AddWolverineHttp();

builder.Services.AddAccess(builder.Configuration, builder.Environment);
builder.Services.AddSingleton<ModelPlaces>();
builder.Services.AddErrorResponses();
builder.Services.AddTranslations();
builder.Services.AddProtection(builder.Configuration);
builder.Services.Configure<IdempotencyOptions>(builder.Configuration.GetSection("Api"));
builder.Services.AddHostedService<IdempotencyCleanup>();
builder.Services.AddAudit(builder.Configuration);
builder.Services.AddLedgerOpenApi();
builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("postgresql");

var app = builder.Build();

// Before the exception handler, so that failures are also answered in the caller's language.
app.UseRequestLocalization();
app.Use(ProblemsWhateverAccepted.Middleware);
app.UseErrorResponses();
app.Use(Protection.SecurityHeaders);
app.Use(RequestMetadata.EnsureCorrelationId);
app.UseSwagger();
app.UseSwaggerUI(o => o.DocumentTitle = "BVANTQ ledger API");
app.UseRouting();
app.UseAuthentication();
app.UseRateLimiter();
app.UseAuthorization();
app.UseRequestTimeouts();
app.UseMiddleware<QueryGuard>();
app.UseMiddleware<RequestBodyGuard>();
app.UseMiddleware<IdempotencyMiddleware>();
app.MapHealthChecks("/health").AllowAnonymous();
app.MapWolverineEndpoints(o =>
{
    o.ApplyCorrelationIdHeaderToAllEndpoints = true;
    // ?limit=abc is a 400 naming the parameter, never the default silently.
    o.RejectUnparseableQueryValues = true;
    // Jurisdiction of what the route names: every route under /models/{modelId} or /provinces/{provinceCode}.
    o.AddMiddleware(typeof(ModelJurisdiction), chain => chain.RoutePattern?.GetParameter("modelId") is not null);
    o.AddMiddleware(typeof(ProvinceJurisdiction), chain => chain.RoutePattern?.GetParameter("provinceCode") is not null);
    o.AddMiddleware(typeof(IfMatchRequired), chain => chain.Method.Method.IsDefined(typeof(RequiresIfMatchAttribute), inherit: false));
    o.AddMiddleware(typeof(EventMetadataMiddleware), chain => chain.Method.Method.GetParameters().Any(p => p.ParameterType == typeof(IDocumentSession)));
    // Before IdempotencyPolicy: a malformed retry is refused before an earlier answer is replayed.
    o.AddPolicy<ValidationPolicy>();
    o.AddPolicy<IdempotencyPolicy>();
});

// Read before the command runs: the host may be disposed when it returns.
var serviceRoleGrant = ServiceRoleGrant.For(builder.Configuration);
var exit = await app.RunJasperFxCommands(args);
if (exit == 0 && args is ["db-apply", ..] && serviceRoleGrant is not null)
{
    // db-apply ends by giving the service role its rights on what it created, every time (DatabaseRoles).
    await serviceRoleGrant.Apply(CancellationToken.None);
    Console.WriteLine($"Granted the service role {serviceRoleGrant.ServiceRole} its rights in schema {serviceRoleGrant.Schema}.");
}
return exit;

/// <summary>Entry point; public so integration tests can host it.</summary>
public partial class Program;
