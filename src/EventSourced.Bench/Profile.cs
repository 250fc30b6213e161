using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace EventSourced.Bench;

/// <summary>
/// Where a phase's time goes: CPU of the service, of this load generator and of the rest of the machine (PostgreSQL),
/// per request; and, when pg_stat_statements is loaded (ops/lib/postgres.sh loads it), the statements that took most
/// of PostgreSQL's time.
/// </summary>
public sealed class Profile
{
    private readonly string _connectionString;
    private readonly int? _servicePid;
    private readonly TimeSpan _service0;
    private readonly TimeSpan _self0;
    private readonly double _machine0;
    private readonly bool _statements;

    private Profile(string connectionString, int? servicePid, bool statements)
    {
        (_connectionString, _servicePid, _statements) = (connectionString, servicePid, statements);
        _service0 = servicePid is { } pid ? ProcessCpu(pid) : TimeSpan.Zero;
        _self0 = Process.GetCurrentProcess().TotalProcessorTime;
        _machine0 = MachineBusySeconds();
    }

    /// <param name="servicePid">The running service; null for a command started afterwards, whose CPU
    /// <see cref="Stop"/> is then given.</param>
    public static async Task<Profile> Start(string connectionString, int? servicePid)
    {
        var statements = false;
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var reset = new NpgsqlCommand("create extension if not exists pg_stat_statements; select pg_stat_statements_reset()", connection);
            await reset.ExecuteNonQueryAsync();
            statements = true;
        }
        catch (PostgresException)
        {
            // not loaded: CPU split only
        }
        return new Profile(connectionString, servicePid, statements);
    }

    public async Task<IReadOnlyList<string>> Stop(long requests, TimeSpan? serviceCpu = null)
    {
        var service = (serviceCpu ?? (_servicePid is { } pid ? ProcessCpu(pid) - _service0 : TimeSpan.Zero)).TotalMilliseconds;
        var self = (Process.GetCurrentProcess().TotalProcessorTime - _self0).TotalMilliseconds;
        var machine = (MachineBusySeconds() - _machine0) * 1000;
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture,
                $"CPU per request: service {service / requests:0.00} ms, load generator {self / requests:0.00} ms, rest of the machine (PostgreSQL) {(machine - service - self) / requests:0.00} ms"),
        };
        if (_statements)
        {
            await using var connection = new NpgsqlConnection(_connectionString);
            await connection.OpenAsync();
            await using var top = new NpgsqlCommand("""
                select calls, total_exec_time, mean_exec_time, left(regexp_replace(query, '\s+', ' ', 'g'), 110)
                from pg_stat_statements where query not like '%pg_stat_statements%' order by total_exec_time desc limit 8
                """, connection);
            await using var reader = await top.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                lines.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{reader.GetInt64(0) / (double)requests,6:0.00} calls/request {reader.GetDouble(1) / requests,7:0.000} ms/request (mean {reader.GetDouble(2):0.000} ms)  {reader.GetString(3)}"));
            }
        }
        foreach (var line in lines)
        {
            Console.WriteLine($"    {line}");
        }
        return lines;
    }

    private static TimeSpan ProcessCpu(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.TotalProcessorTime;
        }
        catch (ArgumentException)
        {
            return TimeSpan.Zero;
        }
    }

    /// <summary>Busy CPU seconds of the whole machine so far (/proc/stat: all but idle and iowait).</summary>
    private static double MachineBusySeconds()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var busy = fields.Sum() - fields[3] - fields[4];
        return busy / 100.0; // USER_HZ
    }
}
