using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace EventSourced.Bench;

/// <summary>
/// PostgreSQL's own ceilings on this machine, in this run, measured with Npgsql on a table shaped like Marten's
/// <c>mt_events</c> (jsonb of about 300 bytes): the denominators of every ratio the benchmark prints.
/// </summary>
public sealed class Ceilings(string connectionString, string schema, BenchSettings settings)
{
    private readonly string _table = $"{schema}.events_like";

    /// <summary>A patrol event's data as Marten stores it (about 300 bytes).</summary>
    public const string Payload = """
        {"unit": {"code": "27259", "name": "Phường 13", "provinceCode": "79", "districtCode": "773", "districtName": "Quận 4", "provinceName": "Thành phố Hồ Chí Minh", "unitVersionId": "0a8d5b52-7b0e-5d1e-9c4f-3b7d1f2a6e90"}, "modelId": "01a20941-708d-7000-8f19-df17d35baf27", "patrolId": "01a20941-708d-7000-8f19-df17d35baf28", "shiftEnd": "2023-05-06T23:00:00+07:00", "sanctions": {"fines": 1, "other": 0, "warnings": 0}, "shiftStart": "2023-05-06T19:00:00+07:00", "inspections": 2, "participants": 7, "casesDetected": 0}
        """;

    public async Task Create()
    {
        await Execute($"""
            create schema if not exists {schema};
            create table {_table} (
                seq_id bigserial primary key, id uuid not null, stream_id uuid not null, version bigint not null,
                data jsonb not null, type varchar not null, timestamp timestamptz not null default now(),
                unique (stream_id, version));
            """);
    }

    /// <summary>One INSERT per transaction (autocommit), from the benchmark's number of clients.</summary>
    public async Task<double> SingleRowInsertsPerSecond() =>
        await ForClients(settings.Clients, settings.Duration, async connection =>
        {
            await using var insert = new NpgsqlCommand($"insert into {_table} (id, stream_id, version, data, type) values ($1, $2, 1, $3::jsonb, 'patrol_recorded')", connection);
            insert.Parameters.Add(new NpgsqlParameter { Value = Guid.NewGuid() });
            insert.Parameters.Add(new NpgsqlParameter { Value = Guid.NewGuid() });
            insert.Parameters.Add(new NpgsqlParameter { Value = Payload });
            await insert.ExecuteNonQueryAsync();
            return 1;
        });

    /// <summary>100-row INSERTs, 4 clients: rows/s.</summary>
    public async Task<double> MultiRowInsertRowsPerSecond() =>
        await ForClients(4, settings.Duration, async connection =>
        {
            const int rows = 100;
            await using var insert = new NpgsqlCommand(
                $"insert into {_table} (id, stream_id, version, data, type) select unnest($1), unnest($2), 1, unnest($3)::jsonb, 'patrol_recorded'", connection);
            insert.Parameters.Add(new NpgsqlParameter { Value = Enumerable.Range(0, rows).Select(_ => Guid.NewGuid()).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = Enumerable.Range(0, rows).Select(_ => Guid.NewGuid()).ToArray() });
            insert.Parameters.Add(new NpgsqlParameter { Value = Enumerable.Repeat(Payload, rows).ToArray() });
            await insert.ExecuteNonQueryAsync();
            return rows;
        });

    /// <summary>Binary COPY of <see cref="BenchSettings.CopyRows"/> rows in one stream: rows/s.</summary>
    public async Task<double> CopyRowsPerSecond()
    {
        await using var connection = await Open();
        var stopwatch = Stopwatch.StartNew();
        await using (var copy = await connection.BeginBinaryImportAsync($"copy {_table} (id, stream_id, version, data, type) from stdin (format binary)"))
        {
            for (var i = 0; i < settings.CopyRows; i++)
            {
                await copy.StartRowAsync();
                await copy.WriteAsync(Guid.NewGuid(), NpgsqlDbType.Uuid);
                await copy.WriteAsync(Guid.NewGuid(), NpgsqlDbType.Uuid);
                await copy.WriteAsync(1L, NpgsqlDbType.Bigint);
                await copy.WriteAsync(Payload, NpgsqlDbType.Jsonb);
                await copy.WriteAsync("patrol_recorded", NpgsqlDbType.Varchar);
            }
            await copy.CompleteAsync();
        }
        return settings.CopyRows / stopwatch.Elapsed.TotalSeconds;
    }

    /// <summary>Primary-key SELECT of the jsonb, from the benchmark's number of clients.</summary>
    public async Task<double> PrimaryKeySelectsPerSecond()
    {
        long max;
        await using (var connection = await Open())
        await using (var count = new NpgsqlCommand($"select max(seq_id) from {_table}", connection))
        {
            max = (long)(await count.ExecuteScalarAsync())!;
        }
        return await ForClients(settings.Clients, settings.Duration, async connection =>
        {
            await using var select = new NpgsqlCommand($"select data from {_table} where seq_id = $1", connection);
            select.Parameters.Add(new NpgsqlParameter { Value = Random.Shared.NextInt64(1, max + 1) });
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                _ = reader.GetString(0);
            }
            return 1;
        });
    }

    /// <summary>COPY TO of a table's rows (the stored events): how fast PostgreSQL hands them out, rows/s.</summary>
    public static async Task<(long Rows, double RowsPerSecond)> CopyOut(string connectionString, string table)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var stopwatch = Stopwatch.StartNew();
        long rows = 0;
        await using (var reader = await connection.BeginBinaryExportAsync($"copy (select seq_id, id, stream_id, version, data, type, timestamp from {table}) to stdout (format binary)"))
        {
            while (await reader.StartRowAsync() != -1)
            {
                await reader.SkipAsync();
                await reader.SkipAsync();
                await reader.SkipAsync();
                await reader.SkipAsync();
                _ = await reader.ReadAsync<string>(NpgsqlDbType.Jsonb);
                await reader.SkipAsync();
                await reader.SkipAsync();
                rows++;
            }
        }
        return (rows, rows / stopwatch.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// PostgreSQL copying the finished activity read model and building its indexes, in a transaction rolled back:
    /// the least any rebuild of it costs here, as events/s over <paramref name="events"/>, to set the rebuild's figure
    /// beside (docs/performance.md).
    /// </summary>
    public static async Task<double> ReadModelCopy(string connectionString, string schema, long events)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        var table = $"{schema}.{EventSourced.Api.Modules.Statistics.Measures.ActivityRows.ActivityTable}";
        var indexes = new List<string>();
        await using (var definitions = new NpgsqlCommand("select pg_get_indexdef(indexrelid) from pg_index where indrelid = $1::regclass", connection))
        {
            definitions.Parameters.AddWithValue(table);
            await using var reader = await definitions.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                // "CREATE [UNIQUE] INDEX name ON schema.table USING …": the same index, unnamed, on the copy.
                var definition = reader.GetString(0);
                var on = definition.IndexOf(" ON ", StringComparison.Ordinal);
                var unique = definition.StartsWith("CREATE UNIQUE", StringComparison.Ordinal) ? "unique " : "";
                indexes.Add($"create {unique}index on {schema}.bench_read_model_copy{definition[(definition.IndexOf(" USING ", on, StringComparison.Ordinal))..]}");
            }
        }
        var stopwatch = Stopwatch.StartNew();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var batch = new NpgsqlBatch(connection, transaction) { Timeout = 0 };
        batch.BatchCommands.Add(new("set local maintenance_work_mem = '256MB'"));
        batch.BatchCommands.Add(new($"create table {schema}.bench_read_model_copy as select * from {table}"));
        foreach (var index in indexes)
        {
            batch.BatchCommands.Add(new(index));
        }
        await batch.ExecuteNonQueryAsync();
        var seconds = stopwatch.Elapsed.TotalSeconds;
        await transaction.RollbackAsync();
        return events / seconds;
    }

    private async Task<double> ForClients(int clients, TimeSpan duration, Func<NpgsqlConnection, Task<int>> operation)
    {
        var stopwatch = Stopwatch.StartNew();
        var counts = await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            await using var connection = await Open();
            long done = 0;
            while (stopwatch.Elapsed < duration)
            {
                done += await operation(connection);
            }
            return done;
        }));
        return counts.Sum() / stopwatch.Elapsed.TotalSeconds;
    }

    private async Task<NpgsqlConnection> Open()
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        return connection;
    }

    private async Task Execute(string sql)
    {
        await using var connection = await Open();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
