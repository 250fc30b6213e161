using System.Collections.Concurrent;
using EventSourced.Api.Infrastructure;
using EventSourced.Api.Ledger;
using EventSourced.Api.Modules.Commendations;
using EventSourced.Api.Modules.Models;
using EventSourced.Api.Modules.Statistics;
using EventSourced.Api.Modules.Statistics.Measures;

namespace EventSourced.IntegrationTests.Statistics;

/// <summary>
/// The figures are summed by PostgreSQL from the activity rows the projection built from the events (ActivitySums); a
/// plain count over the same facts (ActivityHistory.Reference) must give the same figures, for every level, window,
/// as-of date and moment of knowledge.
/// </summary>
public class ActivitySumsTests(ApiFactory api) : IClassFixture<ApiFactory>, IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static DateOnly D(int year, int month, int day) => new(year, month, day);

    private static readonly ConcurrentDictionary<string, Lazy<Task<List<Fact>>>> Histories = new();
    private List<Fact> _facts = [];

    // The class's schema holds one history, appended once and shared by its tests.
    public async Task InitializeAsync() => _facts = await Histories.GetOrAdd(api.Schema, _ => new Lazy<Task<List<Fact>>>(Load)).Value;

    private async Task<List<Fact>> Load()
    {
        var facts = new List<Fact>();
        var random = new Random(2013);
        DateOnly Day() => D(2013, 1, 1).AddDays(random.Next(0, 3650));
        DateTimeOffset Known() => T0.AddDays(random.Next(0, 400)).AddMinutes(random.Next(0, 1440));
        Fact Fact(FactKind kind, string province = "79")
        {
            // Hồ Chí Minh City facts in two districts, some in Hà Nội.
            var (district, unit) = province == "01" ? ("001", "00004") : random.Next(3) == 0 ? ("760", "26740") : ("773", "27259");
            return new()
            {
                Id = Guid.NewGuid(),
                Kind = kind,
                ProvinceCode = province,
                DistrictCode = district,
                UnitCode = unit,
                On = Day(),
                KnownSince = Known(),
            };
        }

        for (var i = 0; i < 400; i++)
        {
            var sanctions = new SanctionCounts(random.Next(0, 3), random.Next(0, 2), random.Next(0, 2));
            var shift = Fact(FactKind.Patrol, i % 10 == 0 ? "01" : "79") with
            {
                Shifts = 1,
                Participations = random.Next(2, 12),
                Inspections = random.Next(0, 4),
                Sanctions = sanctions,
                CasesDetected = random.Next(0, 5) == 0 ? 1 : 0,
            };
            if (i % 7 == 0)
            {
                // Corrected: the shift stops counting from the correction's date, the corrected counts start then.
                var correctedOn = shift.On.AddDays(random.Next(0, 200));
                var correctionKnown = shift.KnownSince.AddDays(random.Next(1, 90));
                shift = shift with { SupersededOn = correctedOn, SupersededKnownSince = correctionKnown };
                facts.Add(shift with
                {
                    Id = Guid.NewGuid(),
                    KnownSince = correctionKnown,
                    EffectiveFrom = correctedOn,
                    Participations = shift.Participations + 1,
                    SupersededOn = null,
                    SupersededKnownSince = null,
                    Corrects = shift,
                });
            }
            else if (i % 11 == 0)
            {
                shift = shift with { SupersededOn = shift.On.AddDays(random.Next(0, 100)), SupersededKnownSince = shift.KnownSince.AddDays(random.Next(1, 60)) };
            }
            facts.Add(shift);
        }
        for (var i = 0; i < 40; i++)
        {
            var detected = Fact(FactKind.Case) with { CasesDetected = 1 };
            facts.Add(i % 3 == 0 ? detected : detected with
            {
                ProsecutedOn = detected.On.AddDays(random.Next(0, 120)),
                ProsecutionKnownSince = detected.KnownSince.AddDays(random.Next(0, 60)),
            });
            facts.Add(Fact(FactKind.Inspections) with { Inspections = random.Next(1, 9) });
            facts.Add(Fact(FactKind.Sanctions) with { Sanctions = new SanctionCounts(random.Next(0, 4), random.Next(0, 4), 0) });
            facts.Add(Fact(FactKind.EquipmentInstalled) with { Cameras = random.Next(1, 6), Recorders = random.Next(0, 2) });
            facts.Add(Fact(FactKind.EquipmentDecommissioned) with { Cameras = random.Next(0, 2), Recorders = random.Next(0, 2) });
            facts.Add(Fact(FactKind.Commendation) with
            {
                CommendationForm = i % 2 == 0 ? CommendationForm.CertificateOfMerit : CommendationForm.CertificateOfCommendation,
                Issuer = i % 3 == 0 ? IssuingOrganisation.ProvincialPeoplesCommittee : IssuingOrganisation.ProvincialPolice,
                ProgramId = i % 4 == 0 ? "national-09-2013" : "hcmc-478-2013",
            });
        }
        await ActivityHistory.Append(api.Store, facts);
        await api.WaitForProjections();
        return facts;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task PostgreSQL_sums_the_same_figures_as_the_in_memory_count_for_every_level_window_as_of_date_and_moment_of_knowledge()
    {
        var random = new Random(478);
        var windows = new List<ActivityWindow> { new(DateOnly.MinValue, D(2023, 12, 31), D(2023, 12, 31)), new(D(2013, 1, 1), D(2023, 12, 31), D(2025, 1, 1)) };
        for (var i = 0; i < 40; i++)
        {
            var from = D(2013, 1, 1).AddDays(random.Next(0, 3650));
            var to = from.AddDays(random.Next(0, 800));
            windows.Add(new ActivityWindow(from, to, to.AddDays(random.Next(-30, 300))));
        }
        var province = _facts.Where(f => f.ProvinceCode == "79").ToList();
        // The edges: as of the day before, of and after a replacement or a correction takes effect, and knowledge up
        // to the day before and the day it was recorded (knownAt is a day: known before its end in Vietnam).
        var amended = province.Where(f => f.SupersededOn is not null).Take(12).ToList();
        foreach (var f in amended)
        {
            var off = f.SupersededOn!.Value;
            windows.AddRange([new(f.On, off, off.AddDays(-1)), new(f.On, off, off), new(f.On, off.AddDays(1), off.AddDays(1))]);
        }
        static DateTimeOffset?[] DayOf(DateTimeOffset moment) =>
            [Dates.KnownBefore(VietnamTime.DateOf(moment).AddDays(-1)), Dates.KnownBefore(VietnamTime.DateOf(moment))];
        var moments = new DateTimeOffset?[] { null }.Concat(new[] { T0.AddDays(30), T0.AddDays(200), T0.AddDays(10_000) }.Select(m => DayOf(m)[1]))
            .Concat(amended.Take(4).SelectMany(f => DayOf(f.SupersededKnownSince!.Value)))
            .Concat(province.Where(f => f.ProsecutionKnownSince is not null).Take(3).SelectMany(f => DayOf(f.ProsecutionKnownSince!.Value)));

        foreach (var code in new[] { "79", "773", "26740" })
        {
            var facts = _facts.Where(f => code.Length switch { 2 => f.ProvinceCode, 3 => f.DistrictCode, _ => f.UnitCode } == code).ToList();
            foreach (var knownBefore in moments)
            {
                var summed = await Sums(windows, knownBefore, code);

                for (var i = 0; i < windows.Count; i++)
                {
                    var w = windows[i];
                    summed[i].ShouldBe(ActivityHistory.Reference(facts, w.From, w.To, knownBefore, w.AsOf), $"{code}, window {w}, known before {knownBefore}");
                }
            }
        }
        (await Sums(windows, null))[0].Shifts.Exact.ShouldBeGreaterThan(300, "the comparison covers real sums, not zeros");
        (await Sums(windows, null, "26740"))[0].Shifts.Exact.ShouldBeInRange(60, 160, "a third of the city's shifts");
    }

    [Fact]
    public async Task A_correction_counts_from_its_own_date_and_a_retraction_withdraws_from_its_own_both_only_once_known()
    {
        // Given, in Hải Phòng: a shift of 7 corrected to 9 from 1 June (known ten days on), a shift of 5 retracted from 20 May.
        Fact Shift(DateOnly on, int participants) => new()
        {
            Kind = FactKind.Patrol,
            ProvinceCode = "31",
            UnitCode = "11311",
            On = on,
            KnownSince = T0,
            Shifts = 1,
            Participations = participants,
        };
        var original = Shift(D(2023, 5, 6), 7) with { SupersededOn = D(2023, 6, 1), SupersededKnownSince = T0.AddDays(10) };
        var correction = Shift(D(2023, 5, 6), 9) with { EffectiveFrom = D(2023, 6, 1), KnownSince = T0.AddDays(10), Corrects = original };
        var retracted = Shift(D(2023, 5, 7), 5) with { SupersededOn = D(2023, 5, 20), SupersededKnownSince = T0.AddDays(5) };
        await ActivityHistory.Append(api.Store, [original, correction, retracted]);
        await api.WaitForProjections();
        var may = new ActivityWindow(D(2023, 5, 1), D(2023, 5, 31), D(2023, 5, 31));

        // When
        await using var session = api.Store.QuerySession();
        var figures = await ActivitySums.Of(session, "31", [may with { AsOf = D(2023, 5, 15) }, may, may with { AsOf = D(2023, 6, 30) }], null, CancellationToken.None);
        var knownOnDay7 = await ActivitySums.Of(session, "31", [may with { AsOf = D(2023, 6, 30) }], T0.AddDays(7), CancellationToken.None);

        // Then
        figures.Select(f => f.Participations.Exact).ShouldBe([12L, 7L, 9L]);
        figures.Select(f => f.Shifts.Exact).ShouldBe([2L, 1L, 1L]);
        knownOnDay7[0].Participations.Exact.ShouldBe(7, "the retraction was known by then, the correction not yet");
    }

    [Fact]
    public async Task Commendations_are_counted_by_form_and_issuer_for_the_program_they_belong_to_in_each_window()
    {
        var windows = new[] { new ActivityWindow(D(2016, 1, 1), D(2016, 12, 31), D(2016, 12, 31)), new ActivityWindow(DateOnly.MinValue, D(2099, 1, 1), D(2099, 1, 1)) };

        await using var session = api.Store.QuerySession();
        var ofProgram = await ActivitySums.Commendations(session, "79", windows, "hcmc-478-2013", null, CancellationToken.None);
        var day100 = Dates.KnownBefore(VietnamTime.DateOf(T0.AddDays(100)));
        var all = await ActivitySums.Commendations(session, "79", windows, null, day100, CancellationToken.None);

        Dictionary<string, long> Expected(ActivityWindow w, string? program, DateTimeOffset? knownBefore, Func<Fact, string> key) => _facts
            .Where(f => f.Kind == FactKind.Commendation && f.ProvinceCode == "79" && f.On >= w.From && f.On <= w.To
                && (program is null || f.ProgramId == program) && (knownBefore is null || f.KnownSince < knownBefore))
            .GroupBy(key).ToDictionary(g => g.Key, g => (long)g.Count());
        for (var i = 0; i < windows.Length; i++)
        {
            ofProgram[i].ByForm.ToDictionary(p => p.Key, p => p.Value.Exact).ShouldBe(Expected(windows[i], "hcmc-478-2013", null, f => ApiNames.Of(f.CommendationForm!.Value)), ignoreOrder: true);
            ofProgram[i].ByIssuer.ToDictionary(p => p.Key, p => p.Value.Exact).ShouldBe(Expected(windows[i], "hcmc-478-2013", null, f => ApiNames.Of(f.Issuer!.Value)), ignoreOrder: true);
            all[i].ByForm.ToDictionary(p => p.Key, p => p.Value.Exact).ShouldBe(Expected(windows[i], null, day100, f => ApiNames.Of(f.CommendationForm!.Value)), ignoreOrder: true);
        }
        ofProgram[1].ByForm.Values.Sum(f => f.Exact).ShouldBe(_facts.Count(f => f.ProvinceCode == "79" && f.ProgramId == "hcmc-478-2013"));
        ofProgram[1].ByForm.Keys.ShouldBe(["CERTIFICATE_OF_COMMENDATION", "CERTIFICATE_OF_MERIT"], "in ordinal order");
    }

    private async Task<IReadOnlyList<ActivityFigures>> Sums(IReadOnlyList<ActivityWindow> windows, DateTimeOffset? knownBefore, string code = "79")
    {
        await using var session = api.Store.QuerySession();
        return await ActivitySums.Of(session, code, windows, knownBefore, CancellationToken.None);
    }
}
