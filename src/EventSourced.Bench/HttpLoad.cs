using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using EventSourced.Api.Modules.Models;
using EventSourced.Api.Modules.Statistics;
using Npgsql;

namespace EventSourced.Bench;

/// <summary>Requests/s and latency percentiles of one phase.</summary>
public sealed record LoadResult(double PerSecond, double P50, double P95, double P99, long Requests, long Failures)
{
    public static LoadResult Of(IReadOnlyList<double> latencies, long failures, TimeSpan elapsed)
    {
        var sorted = latencies.Order().ToArray();
        double At(double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        return new LoadResult(sorted.Length / elapsed.TotalSeconds, At(0.50), At(0.95), At(0.99), sorted.Length, failures);
    }
}

/// <summary>N keep-alive clients driving the service over HTTP/1.1 for a fixed time.</summary>
public static class HttpLoad
{
    public static readonly DateOnly Launch = new(2024, 1, 1);

    public static string Shift(DateOnly day, int hour, int participants) =>
        string.Create(CultureInfo.InvariantCulture,
            $$"""{"shiftStart":"{{day:yyyy-MM-dd}}T{{hour:00}}:00:00+07:00","shiftEnd":"{{day:yyyy-MM-dd}}T{{hour + 3:00}}:00:00+07:00","participants":{{participants}},"inspections":1,"sanctions":{"fines":0,"warnings":1,"other":0},"casesDetected":0}""");

    /// <summary>Registers models in Phường 13 (27259), launched on 2024-01-01, from a few parallel clients.</summary>
    public static async Task<IReadOnlyList<Guid>> RegisterModels(ServiceProcess service, int count)
    {
        var ids = new Guid[count];
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            using var client = service.Client();
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                var body = $$"""{"modelType":"apartment-self-management-team","kind":"MODEL","name":"Tổ tự quản số {{i}}","provinceCode":"79","unitCode":"27259","leadOrganisation":"POLICE","partners":["FATHERLAND_FRONT"],"launchDate":"{{Launch:yyyy-MM-dd}}"}""";
                var response = await client.PostAsync("/api/v1/models", Json(body));
                response.EnsureSuccessStatusCode();
                using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                ids[i] = document.RootElement.GetProperty("id").GetGuid();
            }
        }));
        return ids;
    }

    public static Task<LoadResult> Patrols(ServiceProcess service, IReadOnlyList<Guid> models, int clients, TimeSpan duration) =>
        Drive(service, clients, duration, (client, i) =>
            client.PostAsync($"/api/v1/models/{models[Random.Shared.Next(models.Count)]}/patrols",
                Json(Shift(Launch.AddDays(1 + (i % 300)), 19, 5 + (i % 5)))), HttpStatusCode.Created);

    /// <summary>GET model of one of the models, chosen at random for each request.</summary>
    public static Task<LoadResult> ModelReads(ServiceProcess service, IReadOnlyList<Guid> models, int clients, TimeSpan duration) =>
        Reads(service, () => $"/api/v1/models/{models[Random.Shared.Next(models.Count)]}", clients, duration);

    public static Task<LoadResult> Reads(ServiceProcess service, Func<string> path, int clients, TimeSpan duration) =>
        Drive(service, clients, duration, (client, _) => client.GetAsync(path()), HttpStatusCode.OK);

    private static async Task<LoadResult> Drive(
        ServiceProcess service, int clients, TimeSpan duration, Func<HttpClient, int, Task<HttpResponseMessage>> send, HttpStatusCode expected)
    {
        var stopwatch = Stopwatch.StartNew();
        long failures = 0;
        var perClient = await Task.WhenAll(Enumerable.Range(0, clients).Select(async c =>
        {
            using var client = service.Client();
            var latencies = new List<double>(100_000);
            var i = c * 1_000_000;
            while (stopwatch.Elapsed < duration)
            {
                var started = Stopwatch.GetTimestamp();
                using var response = await send(client, i++);
                await response.Content.LoadIntoBufferAsync();
                if (response.StatusCode == expected)
                {
                    latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                else
                {
                    Interlocked.Increment(ref failures);
                }
            }
            return latencies;
        }));
        return LoadResult.Of([.. perClient.SelectMany(l => l)], failures, stopwatch.Elapsed);
    }

    /// <summary>
    /// Projection lag under load: every 100 ms a probe records a shift on a model of its own, finds the event's
    /// sequence number, and times how long until the activity projection (<see cref="ReadModelNames.Activity"/>,
    /// whatever it is called: what province statistics read) has processed it.
    /// </summary>
    public static async Task<IReadOnlyList<double>> ProbeLag(ServiceProcess service, string connectionString, string schema, Guid probeModel, CancellationToken stop)
    {
        var lags = new List<double>();
        using var client = service.Client();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(CancellationToken.None);
        var i = 0;
        while (!stop.IsCancellationRequested)
        {
            using var response = await client.PostAsync($"/api/v1/models/{probeModel}/patrols", Json(Shift(Launch.AddDays(1 + (i++ % 300)), 20, 4)), CancellationToken.None);
            var committed = Stopwatch.GetTimestamp();
            if (response.StatusCode != HttpStatusCode.Created)
            {
                continue;
            }
            await using var sequence = new NpgsqlCommand($"select max(seq_id) from {schema}.mt_events where stream_id = $1", connection);
            sequence.Parameters.AddWithValue(probeModel);
            var seq = (long)(await sequence.ExecuteScalarAsync(CancellationToken.None))!;
            await using var progress = new NpgsqlCommand($"select coalesce(max(last_seq_id), 0) from {schema}.mt_event_progression where name = $1 or name like $1 || ':%'", connection);
            progress.Parameters.AddWithValue(ReadModelNames.Activity);
            while ((long)(await progress.ExecuteScalarAsync(CancellationToken.None))! < seq)
            {
                if (Stopwatch.GetElapsedTime(committed) > TimeSpan.FromSeconds(60))
                {
                    break;
                }
                await Task.Delay(2, CancellationToken.None);
            }
            lags.Add(Stopwatch.GetElapsedTime(committed).TotalMilliseconds);
            try
            {
                await Task.Delay(100, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        return lags;
    }

    /// <summary>
    /// Bulk load through the batch endpoint (one transaction per request), from 4 clients: request r goes to model
    /// r mod N with that model's next shifts (<see cref="TenYears.Shift"/>); 200 shifts per request, fewer when that
    /// would leave models without any (the small history of a quick run).
    /// </summary>
    public static async Task<(long Events, TimeSpan Elapsed)> Bulk(ServiceProcess service, IReadOnlyList<Guid> models, int[] recorded, long events)
    {
        var perRequest = (int)Math.Clamp(events / models.Count, 1, RecordPatrols.MaxShifts);
        var requests = (int)(events / perRequest);
        var next = -1;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            using var client = service.Client();
            int r;
            while ((r = Interlocked.Increment(ref next)) < requests)
            {
                var model = r % models.Count;
                var first = Interlocked.Add(ref recorded[model], perRequest) - perRequest;
                var body = new StringBuilder("{\"shifts\":[", perRequest * 220);
                for (var s = 0; s < perRequest; s++)
                {
                    body.Append(s == 0 ? "" : ",").Append(TenYears.Shift(model, first + s));
                }
                body.Append("]}");
                using var response = await client.PostAsync($"/api/v1/models/{models[model]}/patrols/batch", Json(body.ToString()));
                if (response.StatusCode != HttpStatusCode.Created)
                {
                    throw new InvalidOperationException($"Bulk batch refused: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            }
        }));
        return ((long)requests * perRequest, stopwatch.Elapsed);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}
