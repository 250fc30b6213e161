using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using EventSourced.Api.Infrastructure;
using Microsoft.Extensions.Configuration;

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
            catch (InvalidOperationException)
            {
                // exited between the two reads
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

/// <summary>Peak resident memory of a process (Linux: VmHWM in /proc/&lt;pid&gt;/status).</summary>
public static class Memory
{
    public static long PeakBytes(int pid)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return 0;
        }
        catch (UnauthorizedAccessException)
        {
            return 0;
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
