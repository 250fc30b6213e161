using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using EventSourced.Api.Infrastructure;
using EventSourced.Api.Ledger;
using EventSourced.Api.Modules.Models;
using EventSourced.Api.Modules.Units;
using FsCheck;
using FsCheck.Fluent;
using Xunit.Abstractions;

namespace EventSourced.IntegrationTests.Statistics;

/// <summary>
/// Issue 12's proof of equality: random histories (late and backdated reports, downgrades, discontinuations,
/// corrections, retractions, cases and prosecutions, equipment, commendations, a catalogue, a reform with WHOLE and
/// PART transfers, idempotent repeats) are appended, and every answer of the statistics routes is held equal to
/// <see cref="ReferenceFigures"/> over the same facts, for random as-of and known-at dates, windows and scopes.
/// </summary>
/// <remarks>
/// FsCheck draws one seed per history from the run's seed; each history is built from its own seed, so a failure names
/// the seed that replays it alone: FIGURES_REPLAY=&lt;seed&gt;. FIGURES_SEED fixes the run's seed, FIGURES_CASES the
/// number of histories. Every history lives in a province of its own, so the histories never see each other.
/// </remarks>
public partial class FiguresPropertyTests(ApiFactory api, ITestOutputHelper output) : IClassFixture<ApiFactory>
{
    /// <summary>Histories per property (each property in about half a minute on a busy 2-core machine).</summary>
    private const int UnitHistories = 30;
    private const int ProvinceHistories = 24;
    private const int QueriesPerHistory = 12;

    /// <summary>Two-digit codes no seeded unit's code starts with (the seeded units are in this schema too).</summary>
    private static readonly Queue<string> FreeProvinces = new(Enumerable.Range(10, 90)
        .Select(n => n.ToString(CultureInfo.InvariantCulture))
        .Where(p => p is not ("11" or "20" or "27" or "30" or "31" or "48" or "49" or "77" or "79" or "91" or "92")));

    private readonly HttpClient _client = api.CreateClient();
    private int _answers;
    private int _nonZero;

    [Fact]
    public Task Unit_statistics_of_provinces_districts_and_communes_as_recorded_or_restated_equal_the_reference() =>
        Check(UnitHistories, async (h, rng) =>
        {
            var today = VietnamTime.Today(TimeProvider.System);
            var codes = h.Units.Select(u => u.Code).Distinct().Append($"{h.Province}199").ToList();
            for (var i = 0; i < QueriesPerHistory; i++)
            {
                // Half the time where and around when something happened, so that most answers have figures to compare.
                var near = h.Activities.Count > 0 && rng.Next(2) == 0 ? h.Activities[rng.Next(h.Activities.Count)] : null;
                var code = near is null ? codes[rng.Next(codes.Count)] : rng.Next(3) switch
                {
                    0 => near.Unit.Code,
                    1 => near.Unit.DistrictCode ?? near.Unit.ProvinceCode,
                    _ => near.Unit.ProvinceCode,
                };
                var (a, b) = near is null ? (QueryDay(h, rng), QueryDay(h, rng)) : (near.On.AddDays(-rng.Next(400)), near.On.AddDays(rng.Next(400)));
                var (from, to) = rng.Next(5) == 0 ? (new DateOnly(2020, 1, 1), History.LastKnownDay) : a <= b ? (a, b) : (b, a);
                var asOf = rng.Next(3) == 0 ? (DateOnly?)null : QueryDay(h, rng);
                var knownAt = KnownAt(h, rng);
                var type = rng.Next(4) < 3 ? null : near?.ModelType ?? History.Types[rng.Next(History.Types.Length)];
                var restate = code.Length == 5 && rng.Next(2) == 0;
                var url = $"/api/v1/units/{code}/statistics?from={from:yyyy-MM-dd}&to={to:yyyy-MM-dd}{Param("asOf", asOf)}{Param("knownAt", knownAt)}"
                    + (type is null ? "" : $"&type={type}") + (restate ? "&restate=current" : "");
                if (!restate)
                {
                    Same(url, await Get(url), ReferenceFigures.Unit(h, code, from, to, asOf, knownAt, type));
                    continue;
                }
                if (ReferenceFigures.Restated(h, code, today, from, to, asOf, knownAt, type) is not { } expected)
                {
                    await (await _client.GetAsync(url)).ShouldBeProblem(404);
                    continue;
                }
                // The earlier versions in any order: the list is a set.
                var actual = await Get(url);
                actual["restatement"]!["whollyFrom"] = Sorted(actual["restatement"]!["whollyFrom"]!.AsArray().Select(n => n!.GetValue<string>()));
                actual["restatement"]!["partlyFrom"] = Sorted(actual["restatement"]!["partlyFrom"]!.AsArray().Select(n => n!.GetValue<string>()));
                Same(url, actual, expected);
            }
        });

    [Fact]
    public Task Province_statistics_model_figures_catalogue_and_program_summary_equal_the_reference() =>
        Check(ProvinceHistories, async (h, rng) =>
        {
            var p = h.Province;
            for (var i = 0; i < 2; i++)
            {
                var (asOf, knownAt) = (QueryDay(h, rng), KnownAt(h, rng));
                DateOnly? from = rng.Next(3) == 0 ? Min(QueryDay(h, rng), asOf) : null;
                var url = $"/api/v1/provinces/{p}/statistics?asOf={asOf:yyyy-MM-dd}{Param("knownAt", knownAt)}{Param("from", from)}";
                Same(url, await Get(url), ReferenceFigures.Province(h, asOf, knownAt, from));
            }
            for (var i = 0; i < 3; i++)
            {
                var (asOf, knownAt) = (QueryDay(h, rng), KnownAt(h, rng));
                DateOnly? from = rng.Next(2) == 0 ? QueryDay(h, rng) : null;
                var url = $"/api/v1/provinces/{p}/model-figures?asOf={asOf:yyyy-MM-dd}{Param("knownAt", knownAt)}{Param("from", from)}";
                Same(url, await Get(url), ReferenceFigures.ModelFigures(h, from, asOf, knownAt));
            }
            for (var i = 0; i < 2; i++)
            {
                var (asOf, knownAt) = (QueryDay(h, rng), KnownAt(h, rng));
                var url = $"/api/v1/provinces/{p}/catalogue?asOf={asOf:yyyy-MM-dd}{Param("knownAt", knownAt)}";
                var actual = await Get(url);
                var expected = ReferenceFigures.Catalogue(h, asOf, knownAt);
                // The figures, and which types are in the catalogue (the entries' other fields are not figures).
                var figures = Pick(actual, "types", "effective", "byParty", "byMaintainer");
                figures["entries"] = Sorted(actual["entries"]!.AsArray().Select(e => e!["typeCode"]!.GetValue<string>()));
                Same(url, figures,
                    new
                    {
                        expected.Types,
                        expected.Effective,
                        expected.ByParty,
                        expected.ByMaintainer,
                        Entries = h.Catalogue.Where(e => ReferenceFigures.InCatalogueOn(e, asOf, knownAt)).Select(e => e.TypeCode).Order(StringComparer.Ordinal),
                    });
            }
            for (var i = 0; i < 2; i++)
            {
                var (asOf, knownAt) = (Max(QueryDay(h, rng), History.ProgramFrom), KnownAt(h, rng));
                var url = $"/api/v1/programs/{History.ProgramId}/summary?province={p}&asOf={asOf:yyyy-MM-dd}{Param("knownAt", knownAt)}";
                var (years, whole) = ReferenceFigures.Program(h, asOf, knownAt);
                Same(url, Pick(await Get(url), "asOf", "knownAt", "years", "wholePeriod"), new { AsOf = asOf, KnownAt = knownAt, Years = years, WholePeriod = whole });
            }
        });

    /// <summary>Generates the histories, appends them all, waits once for the projections, then asks each its questions.</summary>
    private async Task Check(int count, Func<History, Random, Task> property)
    {
        var replay = Environment.GetEnvironmentVariable("FIGURES_REPLAY") is { } r ? int.Parse(r, CultureInfo.InvariantCulture) : (int?)null;
        var runSeed = Environment.GetEnvironmentVariable("FIGURES_SEED") is { } s ? ulong.Parse(s, CultureInfo.InvariantCulture) : (ulong)Random.Shared.NextInt64();
        var cases = Environment.GetEnvironmentVariable("FIGURES_CASES") is { } c ? int.Parse(c, CultureInfo.InvariantCulture) : count;
        int[] seeds = replay is { } one ? [one] : Gen.Choose(0, int.MaxValue).Sample(cases, new Rnd(runSeed), 100);
        output.WriteLine($"FIGURES_SEED={runSeed}: {seeds.Length} histories");

        var clock = Stopwatch.StartNew();
        List<History> histories;
        lock (FreeProvinces)
        {
            histories = [.. seeds.Select(seed => History.Generate(seed, FreeProvinces.Dequeue()))];
        }
        await Parallel.ForEachAsync(histories, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (h, _) => await Append(h));
        await api.WaitForProjections();
        var appended = clock.Elapsed;
        foreach (var h in histories)
        {
            try
            {
                await property(h, new Random(h.Seed));
            }
            catch (Exception e)
            {
                output.WriteLine(h.Describe());
                throw new ShouldAssertException(
                    $"History {h.Seed} (province {h.Province}; replay alone with FIGURES_REPLAY={h.Seed}; the run: FIGURES_SEED={runSeed}):\n{e.Message}", e);
            }
        }
        output.WriteLine($"{histories.Count} histories, {histories.Sum(h => h.Events.Count + h.RepeatedPatrols.Count)} events: "
            + $"appended and projected in {appended.TotalSeconds:F1} s; {_answers} answers ({_nonZero} with a figure above zero) "
            + $"equal to the reference, asked in {(clock.Elapsed - appended).TotalSeconds:F1} s");
    }

    /// <summary>
    /// The units and the reform through the API (one unit and the reform sent twice: nothing new), the generated events
    /// straight to the store, one session per reported moment (the reported-at header), then the idempotent patrols
    /// through the API, each sent twice with one key.
    /// </summary>
    private async Task Append(History h)
    {
        var registered = h.Units.Where(u => !u.Reformed).ToList();
        foreach (var unit in registered.Append(registered[^1]))
        {
            var response = await _client.PostJson("/api/v1/units",
                new RegisterUnit(unit.Code, unit.Name, unit.Level, unit.Parent?.Code, unit.ValidFrom, null));
            response.IsSuccessStatusCode.ShouldBeTrue(await response.Content.ReadAsStringAsync());
        }
        foreach (var reform in h.Reforms)
        {
            foreach (var expected in new[] { HttpStatusCode.Created, HttpStatusCode.OK })
            {
                var response = await _client.PostJson("/api/v1/reforms", reform);
                response.StatusCode.ShouldBe(expected, await response.Content.ReadAsStringAsync());
            }
        }

        // In the order they were reported, each with its reported-at header (as Reporting.ReportedAt writes it for a
        // whole session): one session for the history instead of one per reported moment, which took ten times longer.
        await using (var session = api.Store.LightweightSession())
        {
            foreach (var e in h.Events.OrderBy(e => e.Reported.At ?? DateTimeOffset.MaxValue).ThenBy(e => e.Order))
            {
                var appended = session.Events.Append(e.Stream, e.Event).Events[^1];
                if (e.Reported.At is { } at)
                {
                    appended.SetHeader(Reporting.ReportedAtHeader, at.ToString("O", CultureInfo.InvariantCulture));
                }
            }
            await session.SaveChangesAsync();
        }

        foreach (var patrol in h.RepeatedPatrols)
        {
            var ids = new List<Guid>();
            for (var attempt = 0; attempt < 2; attempt++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/models/{patrol.Model.Id}/patrols")
                {
                    Content = System.Net.Http.Json.JsonContent.Create(patrol.Command, options: ApiFactory.Json),
                };
                request.Headers.Add("Idempotency-Key", patrol.IdempotencyKey);
                ids.Add((await (await _client.SendAsync(request)).Read<PatrolAccepted>()).PatrolId);
            }
            ids.Distinct().Count().ShouldBe(1, "a repeat with the same key answers the same patrol");
            var c = patrol.Command;
            h.Activities.Add(new Activity
            {
                ModelId = patrol.Model.Id,
                ModelType = patrol.Model.Type,
                Unit = patrol.Unit,
                On = VietnamTime.DateOf(c.ShiftStart),
                Reported = Reported.WhenAppended,
                Counts = new Tally(1, c.Participants, c.Inspections, c.Sanctions!.Fines, c.Sanctions.Warnings, c.Sanctions.Other, c.CasesDetected),
            });
        }
    }

    /// <summary>A query date: often a date of the history or a day either side of it (where the rules' edges are), else any day.</summary>
    private static DateOnly QueryDay(History h, Random rng)
    {
        if (rng.Next(3) == 0 || h.Dates.Count == 0)
        {
            var first = new DateOnly(2020, 6, 1);
            return first.AddDays(rng.Next(History.LastKnownDay.DayNumber - first.DayNumber + 1));
        }
        var day = h.Dates.ElementAt(rng.Next(h.Dates.Count)).AddDays(rng.Next(-1, 2));
        return day > History.LastKnownDay ? History.LastKnownDay : day;
    }

    private static DateOnly? KnownAt(History h, Random rng) => rng.Next(3) == 0 ? null : QueryDay(h, rng);

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static string Param(string name, DateOnly? date) => date is { } d ? $"&{name}={d:yyyy-MM-dd}" : "";

    /// <summary>
    /// The answer as JSON without its freshness: the properties hold the JSON contract, not the records behind it, so
    /// they run unchanged whatever implementation answers.
    /// </summary>
    private async Task<JsonObject> Get(string url)
    {
        var response = await _client.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue($"GET {url}: {body}");
        var answer = JsonNode.Parse(body)!.AsObject();
        answer.Remove("freshness");
        return answer;
    }

    /// <summary>Some fields of an answer.</summary>
    private static JsonObject Pick(JsonObject answer, params string[] fields) => new(fields.Select(f => KeyValuePair.Create(f, answer[f]?.DeepClone())));

    private static JsonArray Sorted(IEnumerable<string> items) => [.. items.Order(StringComparer.Ordinal).Select(i => (JsonNode?)JsonValue.Create(i))];

    /// <summary>Equal as JSON (objects' keys in any order) to the reference, without its freshness; the message lists the paths that differ.</summary>
    private void Same(string url, JsonObject actual, object expected)
    {
        var reference = JsonSerializer.SerializeToNode(expected, ApiFactory.Json)!.AsObject();
        reference.Remove("freshness");
        var (a, e) = (Canonical(actual), Canonical(reference));
        var differences = new List<string>();
        Diff("$", a, e, differences);
        _answers++;
        _nonZero += e is not null && NonZeroFigure().IsMatch(e.ToJsonString()) ? 1 : 0;
        if (differences.Count > 0)
        {
            throw new ShouldAssertException($"GET {url} differs from the reference:\n  " + string.Join("\n  ", differences.Take(20)));
        }
    }

    /// <summary>Vietnamese names as they are written, in a failure's message.</summary>
    private static readonly JsonSerializerOptions Readable = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [System.Text.RegularExpressions.GeneratedRegex("\"exact\":[1-9]")]
    private static partial System.Text.RegularExpressions.Regex NonZeroFigure();

    private static JsonNode? Canonical(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Canonical(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Canonical)]),
        _ => node?.DeepClone(),
    };

    private static void Diff(string path, JsonNode? actual, JsonNode? expected, List<string> differences)
    {
        if (actual is JsonObject ao && expected is JsonObject eo)
        {
            foreach (var key in ao.Select(p => p.Key).Union(eo.Select(p => p.Key)).Order(StringComparer.Ordinal))
            {
                Diff($"{path}.{key}", ao[key], eo[key], differences);
            }
        }
        else if (actual is JsonArray aa && expected is JsonArray ea && aa.Count == ea.Count)
        {
            for (var i = 0; i < aa.Count; i++)
            {
                Diff($"{path}[{i}]", aa[i], ea[i], differences);
            }
        }
        else if (!JsonNode.DeepEquals(actual, expected))
        {
            differences.Add($"{path}: service {actual?.ToJsonString(Readable) ?? "null"}, reference {expected?.ToJsonString(Readable) ?? "null"}");
        }
    }
}
