using Marten;

namespace EventSourced.Api.Modules.Seeds;

public static class SeedsModule
{
    public static void ConfigureSeeds(StoreOptions opts) => opts.RegisterDocumentType<SeedCommandApplied>();
}
