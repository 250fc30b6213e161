using JasperFx.Events.Projections;
using Marten;

namespace EventSourced.Api.Modules.Programs;

public static class ProgramsModule
{
    public static void ConfigurePrograms(StoreOptions opts)
    {
        opts.Events.MapEventType<ProgramRegistered>("program_registered");

        // Inline: commands that name a program check it in the same request.
        opts.Projections.Snapshot<CoordinationProgram>(SnapshotLifecycle.Inline);
    }
}
