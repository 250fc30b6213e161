using Marten;
using Npgsql;

namespace EventSourced.Api.Modules.Statistics;

/// <summary>
/// Who owns the asynchronous projections of a schema: a PostgreSQL session advisory lock, held by every service that
/// runs the daemon (<see cref="Holder"/>, started before it) and taken by <c>rebuild-statistics</c>, so a rebuild never
/// writes the read models while a live daemon does. Marten's own HotCold leader lock would do the same for the daemon,
/// but HotCold does not start with this build's DistributedLock bridge (docs/architecture.md, "Past one node"), and
/// Solo takes no lock. The lock lives as long as its connection: a crashed holder releases it.
/// </summary>
public sealed class ProjectionsLock : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly string _key;

    private ProjectionsLock(NpgsqlConnection connection, string key) => (_connection, _key) = (connection, key);

    /// <summary>The advisory lock's key for a schema's projections (hashed by PostgreSQL's <c>hashtext</c>).</summary>
    public static string Key(string schema) => $"{schema}:async projections";

    /// <summary>The lock, or null when another process (a running service's daemon, another rebuild) holds it.</summary>
    public static async Task<ProjectionsLock?> TryTake(IDocumentStore store, CancellationToken ct)
    {
        var key = Key(store.Options.DatabaseSchemaName);
        var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(ct);
        await using var take = new NpgsqlCommand("select pg_try_advisory_lock(hashtext($1))", connection);
        take.Parameters.AddWithValue(key);
        if ((bool)(await take.ExecuteScalarAsync(ct))!)
        {
            return new ProjectionsLock(connection, key);
        }
        await connection.DisposeAsync();
        return null;
    }

    /// <summary>Unlocks explicitly: the store's connections are pooled without a reset (NoResetOnClose), so closing one
    /// would leave its session, and the lock, alive in the pool. A connection the database or the network already
    /// dropped took its session, and the lock, with it: there is nothing left to unlock, and stopping must not fail.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_connection.FullState == System.Data.ConnectionState.Open)
            {
                await using var release = new NpgsqlCommand("select pg_advisory_unlock(hashtext($1))", _connection);
                release.Parameters.AddWithValue(_key);
                await release.ExecuteScalarAsync();
            }
        }
        catch (NpgsqlException)
        {
            // Broken while unlocking: the session ended, so did the lock.
        }
        finally
        {
            await _connection.DisposeAsync();
        }
    }

    /// <summary>Holds the lock while the service runs its daemon; refuses to start while a rebuild holds it.</summary>
    public sealed class Holder(IDocumentStore store) : IHostedService
    {
        private ProjectionsLock? _held;

        public async Task StartAsync(CancellationToken cancellationToken) =>
            _held = await TryTake(store, cancellationToken) ?? throw new InvalidOperationException(
                $"The asynchronous projections of schema {store.Options.DatabaseSchemaName} are owned by another process " +
                "(rebuild-statistics, or a service already running the daemon). Start this service when it has finished.");

        /// <summary>The host may stop its services more than once, even side by side (WebApplicationFactory's dispose):
        /// only the first call unlocks, since one connection runs one command at a time.</summary>
        public async Task StopAsync(CancellationToken cancellationToken)
        {
            if (Interlocked.Exchange(ref _held, null) is { } held)
            {
                await held.DisposeAsync();
            }
        }
    }
}
