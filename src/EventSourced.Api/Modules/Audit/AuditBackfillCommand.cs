using JasperFx.CommandLine;
using Marten;
using Npgsql;

namespace EventSourced.Api.Modules.Audit;

/// <summary>
/// <c>dotnet EventSourced.Api.dll audit-backfill</c>: chains the events recorded before the audit chain was installed,
/// in the ledger's order. Run once after the first <c>db-apply</c> of a version with the chain, before the service
/// takes writes (ops/run does it every time: with nothing to chain it changes nothing).
/// </summary>
[Description("Chain the events recorded before the audit hash chain was installed (changes nothing when there are none)", Name = "audit-backfill")]
public sealed class AuditBackfillCommand : JasperFxAsyncCommand<NetCoreInput>
{
    public override async Task<bool> Execute(NetCoreInput input)
    {
        using var host = input.BuildHost();
        var store = host.Services.GetRequiredService<IDocumentStore>();
        Console.WriteLine($"{await Backfill(store, CancellationToken.None)} events chained.");
        return true;
    }

    public static async Task<long> Backfill(IDocumentStore store, CancellationToken ct)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var backfill = new NpgsqlCommand($"select {store.Options.Events.DatabaseSchemaName}.audit_chain_backfill()", connection)
        {
            CommandTimeout = 0,
        };
        return (long)(await backfill.ExecuteScalarAsync(ct))!;
    }
}
