using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using EventSourced.Api.Infrastructure;
using EventSourced.Api.Modules.Statistics;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace EventSourced.Bench;

/// <summary>
/// The service as operators run it: the Release build, Production settings, schema applied by <c>db-apply</c> and
/// reference units loaded by <c>seed</c>, in a schema of the benchmark's own. Only the per-client rate limit is lifted
/// (the benchmark is one client) and the development token key is trusted (the benchmark mints its tokens).
/// </summary>
public sealed class ServiceProcess(string connectionString, string schema, string keyPath, int port) : IAsyncDisposable
{
    private Process? _process;

    public static string ApiDll { get; } = Path.Combine(AppContext.BaseDirectory, "EventSourced.Api.dll");

    public Uri BaseAddress { get; } = new($"http://127.0.0.1:{port}");

    public int? ProcessId => _process?.Id;

    public string Token() => DevelopmentTokens.Mint(
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [DevelopmentTokens.KeyPathSetting] = keyPath }).Build(),
        new TokenRequest("bench", "bench", Access.Roles, [Jurisdiction.National], TimeSpan.FromHours(4)));

    /// <summary>db-apply and seed, as ops/run does.</summary>
    public async Task Prepare()
    {
        await RunToEnd("db-apply");
        await RunToEnd("seed");
    }

    public async Task Start()
    {
        _process = Process.Start(Info("--urls", BaseAddress.ToString())) ?? throw new InvalidOperationException("The service did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) Console.Error.WriteLine($"  [service] {line}"); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var http = new HttpClient { BaseAddress = BaseAddress };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if ((await http.GetAsync("/health")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(250);
        }
        throw new TimeoutException("The service did not answer /health within 90 s.");
    }

    public async Task Stop()
    {
        if (_process is null || _process.HasExited)
        {
            return;
        }
        // SIGTERM: the host stops the daemon and drains requests as in production.
        using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync();
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.Dispose();
        _process = null;
    }

    public HttpClient Client()
    {
        // One keep-alive HTTP/1.1 connection per client, as an agency system's connection pool would hold.
        var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = BaseAddress,
            DefaultRequestVersion = System.Net.HttpVersion.Version11,
            Timeout = TimeSpan.FromMinutes(5),
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token());
        return client;
    }

    /// <summary>Runs a command of the service's executable to its end (db-apply, seed, projections rebuild); returns its
    /// peak memory and the CPU it used (as last sampled before it exited).</summary>
    public async Task<(TimeSpan Elapsed, long PeakBytes, TimeSpan Cpu)> RunToEnd(params string[] arguments)
    {
        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(Info(arguments)) ?? throw new InvalidOperationException($"{arguments[0]} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        long peak = 0;
        var cpu = TimeSpan.Zero;
        while (!process.HasExited)
        {
            peak = Math.Max(peak, Memory.PeakBytes(process.Id));
            try
            {
                cpu = process.TotalProcessorTime;
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Exited between the two reads: its /proc entry is gone (Win32Exception) or being reaped.
            }
            await Task.Delay(50);
        }
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', arguments)} failed ({process.ExitCode}): {await errors}{await output}");
        }
        return (stopwatch.Elapsed, peak, cpu);
    }

    /// <summary>
    /// Runs <c>rebuild-statistics</c> to its end while sampling its memory (VmRSS, VmHWM) every 50 ms. How far it got
    /// comes from its progress lines (<c>rebuild-statistics: &lt;read model&gt; &lt;processed&gt;/&lt;total&gt; events</c>) and,
    /// for a command that prints none, from the activity read model's progress row; the memory is noted when the
    /// command has processed half of <paramref name="events"/> and at its end. Its own time comes from
    /// <c>rebuild-statistics: done &lt;total&gt; events in &lt;seconds&gt; s</c>, or else the process's wall time.
    /// </summary>
    public async Task<RebuildRun> Rebuild(long events)
    {
        var stopwatch = Stopwatch.StartNew();
        using var process = Process.Start(Info("rebuild-statistics")) ?? throw new InvalidOperationException("rebuild-statistics did not start.");
        long printed = 0;
        (double Seconds, long Events)? done = null;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not { } line)
            {
                return;
            }
            lock (output)
            {
                output.AppendLine(line);
            }
            if (RebuildLines.Progress().Match(line) is { Success: true } progress)
            {
                InterlockedMax(ref printed, Count(progress.Groups["processed"].Value));
            }
            else if (RebuildLines.Done().Match(line) is { Success: true } end)
            {
                done = (double.Parse(end.Groups["seconds"].Value, CultureInfo.InvariantCulture), Count(end.Groups["events"].Value));
            }
        };
        var errors = process.StandardError.ReadToEndAsync();
        process.BeginOutputReadLine();

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var progressRow = new NpgsqlCommand(
            $"select coalesce(max(last_seq_id), 0) from {schema}.mt_event_progression where name = $1 or name like $1 || ':%'", connection);
        progressRow.Parameters.AddWithValue(ReadModelNames.Activity);
        // The row still says where the service's daemon stopped until the rebuild resets it: trusted from then on.
        var stale = (long)(await progressRow.ExecuteScalarAsync())!;
        long fromRow = 0;
        var lastPoll = TimeSpan.Zero;
        MemorySample? half = null;
        var last = new MemorySample(0, 0, 0);
        var cpu = TimeSpan.Zero;
        while (!process.HasExited)
        {
            if (stopwatch.Elapsed - lastPoll > TimeSpan.FromMilliseconds(500))
            {
                lastPoll = stopwatch.Elapsed;
                var row = (long)(await progressRow.ExecuteScalarAsync())!;
                stale = row < stale ? 0 : stale;
                fromRow = stale > 0 ? 0 : Math.Max(fromRow, row);
            }
            var (rss, hwm) = Memory.Resident(process.Id);
            if (hwm > 0)
            {
                var processed = Math.Max(Interlocked.Read(ref printed), fromRow);
                last = new MemorySample(processed, rss, hwm);
                if (half is null && processed >= events / 2)
                {
                    half = last;
                }
            }
            try
            {
                cpu = process.TotalProcessorTime;
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Exited between the two reads: its /proc entry is gone (Win32Exception) or being reaped.
            }
            await Task.Delay(50);
        }
        await process.WaitForExitAsync();
        var elapsed = stopwatch.Elapsed;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"rebuild-statistics failed ({process.ExitCode}): {await errors}{output}");
        }
        return new RebuildRun(elapsed, done?.Seconds, done?.Events, Interlocked.Read(ref printed) > 0, half, last, cpu);
    }

    private static long Count(string digits) => long.Parse(digits.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);

    private static void InterlockedMax(ref long target, long value)
    {
        long seen;
        while ((seen = Interlocked.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }

    private ProcessStartInfo Info(params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet", [ApiDll, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Repository.Root,
        };
        info.Environment["ConnectionStrings__Marten"] = connectionString;
        info.Environment["Marten__Schema"] = schema;
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        info.Environment["Auth__DevelopmentKeyEnabled"] = "true";
        info.Environment["Auth__DevelopmentKeyPath"] = keyPath;
        info.Environment["Api__RequestsPerSecond"] = "1000000";
        info.Environment["Api__Burst"] = "1000000";
        return info;
    }

    public async ValueTask DisposeAsync() => await Stop();
}

/// <summary>What a rebuild took: the process's wall time, the time and events it reported (when it prints them), and
/// its memory at half of the events and at its end.</summary>
public sealed record RebuildRun(
    TimeSpan Elapsed, double? ReportedSeconds, long? ReportedEvents, bool PrintedProgress, MemorySample? Half, MemorySample End, TimeSpan Cpu)
{
    /// <summary>The command's own time when it printed it, else the process's (its start included).</summary>
    public double Seconds => ReportedSeconds ?? Elapsed.TotalSeconds;
}

/// <summary>A rebuild's memory after it had processed some events: resident (VmRSS) and peak resident (VmHWM) bytes.</summary>
public sealed record MemorySample(long Processed, long Resident, long Peak);

/// <summary>The lines <c>rebuild-statistics</c> prints.</summary>
public static partial class RebuildLines
{
    [GeneratedRegex(@"^rebuild-statistics: (?<name>\S+) (?<processed>[0-9,]+)/(?<total>[0-9,]+) events")]
    public static partial Regex Progress();

    [GeneratedRegex(@"^rebuild-statistics: done (?<events>[0-9,]+) events in (?<seconds>[0-9.]+) s")]
    public static partial Regex Done();
}

/// <summary>Resident memory of a process (Linux: VmRSS and its peak VmHWM in /proc/&lt;pid&gt;/status).</summary>
public static class Memory
{
    public static long PeakBytes(int pid) => Resident(pid).Peak;

    public static (long Resident, long Peak) Resident(int pid)
    {
        try
        {
            long Field(string[] lines, string name) =>
                lines.FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal)) is { } line
                    ? long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024
                    : 0;
            var status = File.ReadAllLines($"/proc/{pid}/status");
            return (Field(status, "VmRSS:"), Field(status, "VmHWM:"));
        }
        catch (IOException)
        {
            return (0, 0);
        }
        catch (UnauthorizedAccessException)
        {
            return (0, 0);
        }
    }
}

/// <summary>The repository root (where seeds/ is), found from the benchmark's binaries upwards.</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "EventSourced.sln")))
            {
                return directory.FullName;
            }
        }
        return Directory.GetCurrentDirectory();
    }
}
