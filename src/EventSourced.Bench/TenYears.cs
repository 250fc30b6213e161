using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using EventSourced.Api.Ledger;
using Npgsql;

namespace EventSourced.Bench;

/// <summary>
/// Ten years of one province as issue 12 describes the analysts' data: 300 commune-level units in 30 districts of
/// Hồ Chí Minh City (79), 1,000 models of the ten model types under one 2013–2023 program, patrols spread over every
/// business day of 2014–2023, and one review conference reporting a few of the province's figures.
/// </summary>
/// <param name="Models">The models the shifts are recorded on.</param>
/// <param name="District">A district the bench registered (30 wards of models under it).</param>
/// <param name="Ward">A ward the bench registered.</param>
/// <param name="ReviewId">The review conference whose reconciliation is measured.</param>
public sealed record TenYears(IReadOnlyList<Guid> Models, string District, string Ward, Guid ReviewId)
{
    public const string Province = "79";
    public const string ProgramId = "bench-program-2013";
    public static readonly DateOnly FirstDay = new(2014, 1, 1);
    public const int Days = 3652; // 2014-01-01 … 2023-12-31
    private const int Districts = 30;
    private const int WardsPerDistrict = 10;
    private const int ModelCount = 1_000;

    private static readonly string[] ModelTypes =
    [
        "security-order-self-management", "self-managed-boarding-houses", "self-managed-motorbike-taxis", "apartment-self-management-team",
        "security-cameras", "offender-reintegration-5-plus-1", "family-club-against-social-evils", "youth-shock-brigade",
        "civil-defence-team", "self-defended-residential-area",
    ];

    private static readonly string[] LeadOrganisations = ["POLICE", "FATHERLAND_FRONT", "YOUTH_UNION", "WOMENS_UNION"];

    /// <summary>Districts 740–769 and their wards 7dd01–7dd10: codes the seeds do not use. Every version starts on the
    /// seeds' baseline (2008-08-01), so the whole decade has one version of each unit.</summary>
    private static string DistrictCode(int d) => (740 + d).ToString(CultureInfo.InvariantCulture);

    private static string WardCode(int unit) =>
        string.Create(CultureInfo.InvariantCulture, $"7{unit / WardsPerDistrict:00}{1 + (unit % WardsPerDistrict):00}");

    /// <summary>Registers everything through the public API (idempotent routes, so a second call changes nothing).</summary>
    public static async Task<TenYears> Register(ServiceProcess service)
    {
        var stopwatch = Stopwatch.StartNew();
        using var client = service.Client();
        for (var d = 0; d < Districts; d++)
        {
            await Post(client, "/api/v1/units",
                $$"""{"code":"{{DistrictCode(d)}}","name":"Quận thử nghiệm {{d}}","level":"DISTRICT","parentCode":"{{Province}}","validFrom":"2008-08-01"}""");
        }
        await Parallel(service, Districts * WardsPerDistrict, (c, unit) => Post(c, "/api/v1/units",
            $$"""{"code":"{{WardCode(unit)}}","name":"Phường thử nghiệm {{unit}}","level":"WARD","parentCode":"{{DistrictCode(unit / WardsPerDistrict)}}","validFrom":"2008-08-01"}"""));
        await Post(client, "/api/v1/programs",
            $$"""{"programId":"{{ProgramId}}","number":"B-2013","name":"Chương trình phối hợp thử nghiệm (2013–2023)","parties":["Công an Thành phố Hồ Chí Minh","Ủy ban MTTQ Việt Nam Thành phố Hồ Chí Minh"],"provinceCode":"{{Province}}","from":"2013-01-01","to":"2023-12-31"}""");

        // Model i runs in unit i mod 300; its type moves on with each round of 300, so every unit has three or four of
        // the ten types and every type about 100 units.
        var models = new Guid[ModelCount];
        await Parallel(service, ModelCount, async (c, i) =>
        {
            var unit = i % (Districts * WardsPerDistrict);
            var type = ModelTypes[(i + (i / (Districts * WardsPerDistrict))) % ModelTypes.Length];
            using var document = JsonDocument.Parse(await Post(c, "/api/v1/models",
                $$"""{"modelType":"{{type}}","kind":"{{(i % 5 == 0 ? "GOOD_PRACTICE" : "MODEL")}}","name":"Mô hình thử nghiệm {{i}}","provinceCode":"{{Province}}","unitCode":"{{WardCode(unit)}}","leadOrganisation":"{{LeadOrganisations[i % LeadOrganisations.Length]}}","partners":["FATHERLAND_FRONT"],"programId":"{{ProgramId}}","launchDate":"{{new DateOnly(2013, 1, 1).AddDays(i % 365):yyyy-MM-dd}}"}"""));
            models[i] = document.RootElement.GetProperty("id").GetGuid();
        });
        // States over both clocks: each model assessed effective once; every tenth later rated not effective, every
        // twentieth discontinued after the decade (a discontinued model takes no more patrols).
        await Parallel(service, ModelCount, async (c, i) =>
        {
            await Post(c, $"/api/v1/models/{models[i]}/assessments",
                $$"""{"assessedOn":"{{new DateOnly(2016, 1, 1).AddDays(i % 700):yyyy-MM-dd}}","rating":"EFFECTIVE","assessedBy":"POLICE"}""");
            if (i % 10 == 0)
            {
                await Post(c, $"/api/v1/models/{models[i]}/assessments",
                    $$"""{"assessedOn":"{{new DateOnly(2020, 6, 1).AddDays(i % 300):yyyy-MM-dd}}","rating":"NOT_EFFECTIVE","assessedBy":"FATHERLAND_FRONT"}""");
            }
            if (i % 20 == 5)
            {
                using var model = await c.GetAsync($"/api/v1/models/{models[i]}");
                await Post(c, $"/api/v1/models/{models[i]}/discontinuation",
                    $$"""{"discontinuedOn":"{{new DateOnly(2024, 3, 1).AddDays(i % 200):yyyy-MM-dd}}","reason":"Sáp nhập tổ"}""", model.Headers.ETag);
            }
        });

        var (district, ward) = (DistrictCode(0), WardCode(0));
        var today = VietnamTime.Today(TimeProvider.System);
        const string window = """ "from":"2014-01-01","to":"2023-12-31" """;
        using var review = JsonDocument.Parse(await Post(client, "/api/v1/reviews", $$"""
            {"title":"Hội nghị tổng kết thử nghiệm {{Guid.NewGuid():N}}","kind":"FINAL","heldOn":"{{today:yyyy-MM-dd}}","programId":"{{ProgramId}}","figures":[
              {"key":"B1","wording":"1.000 mô hình","measure":"MODELS_LAUNCHED","value":1000,"qualifier":"EXACT","scope":"{{Province}}","from":"2013-01-01"},
              {"key":"B2","wording":"hơn 800 mô hình hiệu quả","measure":"MODELS_EFFECTIVE","value":800,"qualifier":"MORE_THAN","scope":"{{Province}}","from":"2013-01-01"},
              {"key":"B3","wording":"camera an ninh tại 100 phường","measure":"COVERAGE","value":100,"qualifier":"EXACT","scope":"{{Province}}","modelType":"security-cameras"},
              {"key":"B4","wording":"hơn 1 triệu ca tuần tra","measure":"SHIFTS","value":1000000,"qualifier":"MORE_THAN","scope":"{{Province}}",{{window}}},
              {"key":"B5","wording":"lượt người tham gia trong quận","measure":"PARTICIPATIONS","value":100000,"qualifier":"MORE_THAN","scope":"{{district}}",{{window}}},
              {"key":"B6","wording":"lượt kiểm tra trong phường","measure":"INSPECTIONS","value":1000,"qualifier":"MORE_THAN","scope":"{{ward}}",{{window}}}]}
            """));
        Console.WriteLine($"  registered {Districts} districts, {Districts * WardsPerDistrict} wards, 1 program, {ModelCount:N0} models with their assessments and 1 review conference in {stopwatch.Elapsed.TotalSeconds:0} s");
        return new TenYears(models, district, ward, review.RootElement.GetProperty("id").GetGuid());
    }

    /// <summary>The n-th shift of model i: business days walk the decade in steps of 37 (coprime with its 3,652 days,
    /// so a model's first 3,652 shifts fall on distinct days), the hour moving on after each full walk.</summary>
    public static string Shift(int model, int n) =>
        HttpLoad.Shift(FirstDay.AddDays(((n * 37) + (model * 11)) % Days), 14 + (n / Days % 6), 3 + ((n + model) % 7));

    /// <summary>The analyst queries issue 12 times, by name and path.</summary>
    public IReadOnlyList<(string Name, string Path)> Queries()
    {
        var today = VietnamTime.Today(TimeProvider.System);
        return
        [
            ("GET province statistics asOf", $"/api/v1/provinces/{Province}/statistics?asOf=2023-12-31"),
            ("GET district statistics, ten years", $"/api/v1/units/{District}/statistics?from=2014-01-01&to=2023-12-31"),
            ("GET ward statistics, knownAt", $"/api/v1/units/{Ward}/statistics?from=2014-01-01&to=2023-12-31&knownAt={today:yyyy-MM-dd}"),
            ("GET program summary", $"/api/v1/programs/{ProgramId}/summary?province={Province}&asOf=2023-12-31"),
            ("GET province model-figures", $"/api/v1/provinces/{Province}/model-figures?from=2013-01-01&asOf=2023-12-31"),
            ("GET review reconciliation", $"/api/v1/reviews/{ReviewId}/reconciliation"),
        ];
    }

    /// <summary>One analyst at a time: one unmeasured request (the restarted service's first tiers, PostgreSQL's cold
    /// buffers), then requests one after another until <paramref name="samples"/> are taken or the time budget is spent
    /// with at least <paramref name="minimum"/>. Answers other than 200 (the 30-second request timeout) count with their
    /// latency and are reported.</summary>
    public static async Task<(LoadResult Result, int Failures)> Latencies(ServiceProcess service, string path, int samples, int minimum, TimeSpan budget)
    {
        using var client = service.Client();
        using (var first = await client.GetAsync(path))
        {
            var body = await first.Content.ReadAsStringAsync();
            if (first.StatusCode != HttpStatusCode.OK && first.StatusCode != HttpStatusCode.ServiceUnavailable)
            {
                throw new InvalidOperationException($"GET {path}: {(int)first.StatusCode} {body}");
            }
        }
        var latencies = new List<double>();
        var failures = 0;
        var stopwatch = Stopwatch.StartNew();
        while (latencies.Count < samples && (latencies.Count < minimum || stopwatch.Elapsed < budget))
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await client.GetAsync(path);
            await response.Content.LoadIntoBufferAsync();
            latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            failures += response.StatusCode == HttpStatusCode.OK ? 0 : 1;
        }
        return (LoadResult.Of(latencies, failures, stopwatch.Elapsed), failures);
    }

    /// <summary>Waits until every asynchronous projection (its shards' progress rows are named <c>Projection:Shard</c>;
    /// the high-water rows have no colon) has processed the last event appended.</summary>
    public static async Task<TimeSpan> CaughtUp(string connectionString, string schema, TimeSpan timeout)
    {
        var stopwatch = Stopwatch.StartNew();
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var last = new NpgsqlCommand($"select coalesce(max(seq_id), 0) from {schema}.mt_events", connection);
        var target = (long)(await last.ExecuteScalarAsync())!;
        await using var behind = new NpgsqlCommand(
            $"select count(*) = 0 or bool_or(last_seq_id < $1) from {schema}.mt_event_progression where name like '%:%'", connection);
        behind.Parameters.AddWithValue(target);
        while ((bool)(await behind.ExecuteScalarAsync())!)
        {
            if (stopwatch.Elapsed > timeout)
            {
                throw new TimeoutException($"The projections did not reach event {target:N0} within {timeout.TotalMinutes:0} minutes.");
            }
            await Task.Delay(250);
        }
        return stopwatch.Elapsed;
    }

    private static async Task Parallel(ServiceProcess service, int count, Func<HttpClient, int, Task> each)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            using var client = service.Client();
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                await each(client, i);
            }
        }));
    }

    private static async Task<string> Post(HttpClient client, string path, string body, EntityTagHeaderValue? ifMatch = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (ifMatch is not null)
        {
            request.Headers.IfMatch.Add(ifMatch);
        }
        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {text}");
        }
        return text;
    }
}
