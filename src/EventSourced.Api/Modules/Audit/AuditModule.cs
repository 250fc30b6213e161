using Marten;

namespace EventSourced.Api.Modules.Audit;

public static class AuditModule
{
    public static void ConfigureAudit(StoreOptions opts) =>
        opts.Storage.Add(new AuditSchema(new StoreOptionsSchema(opts.DatabaseSchemaName)));

    public static IServiceCollection AddAudit(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<AuditOptions>(configuration.GetSection("Audit"));
        services.AddHostedService<ChainCheckpointing>();
        services.AddSingleton<ExportSigning>();
        return services;
    }
}
