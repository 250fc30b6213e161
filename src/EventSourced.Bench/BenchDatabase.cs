using Npgsql;

namespace EventSourced.Bench;

/// <summary>The PostgreSQL the benchmark runs against (ops/bench provides it), and clean-up of its schemas.</summary>
public static class BenchDatabase
{
    public static string ConnectionString =>
        Environment.GetEnvironmentVariable("ConnectionStrings__Marten")
        ?? throw new InvalidOperationException("Set ConnectionStrings__Marten (ops/bench does).");

    /// <summary>The key the benchmark mints its service tokens with (outside any repository clone).</summary>
    public static string TokenKeyPath => Path.Combine(Path.GetTempPath(), "bvantq-bench", "token-signing.pem");

    /// <summary>Drops the benchmark's schemas, unless ES_BENCH_KEEP=1 asks to keep them for experiments on the loaded
    /// history (e.g. <c>rebuild-statistics</c> with Marten__Schema set to the printed schema); drop them by hand after.</summary>
    public static async Task DropSchemas(params string[] schemas)
    {
        if (Environment.GetEnvironmentVariable("ES_BENCH_KEEP") == "1")
        {
            Console.WriteLine($"  kept schemas (ES_BENCH_KEEP=1): {string.Join(", ", schemas)}");
            return;
        }
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand(string.Concat(schemas.Select(s => $"drop schema if exists {s} cascade;")), connection);
        await drop.ExecuteNonQueryAsync();
    }
}
