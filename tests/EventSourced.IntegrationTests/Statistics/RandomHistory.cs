using EventSourced.Api.Ledger;
using EventSourced.Api.Modules.Catalogues;
using EventSourced.Api.Modules.Commendations;
using EventSourced.Api.Modules.Models;
using EventSourced.Api.Modules.Reference;
using EventSourced.Api.Modules.Units;

namespace EventSourced.IntegrationTests.Statistics;

/// <summary>
/// When a fact was reported (rule 9's second clock): a reported-at header, or none, and then the fact is known from the
/// moment it is appended, which is later than every knownAt the properties ask about.
/// </summary>
public readonly record struct Reported(DateTimeOffset? At)
{
    public static readonly Reported WhenAppended = new(null);

    public DateOnly? Day => At is { } at ? DateOnly.FromDateTime(at.ToOffset(VietnamTime.Offset).DateTime) : null;

    /// <summary>Known by the end of <paramref name="knownAt"/> in Vietnam (no knownAt: everything is known).</summary>
    public bool KnownBy(DateOnly? knownAt) => knownAt is not { } k || (Day is { } day && day <= k);
}

/// <summary>One version of an administrative unit of a generated province, with its links.</summary>
public sealed class UnitVersion
{
    public required Guid Id { get; init; }
    public required string Code { get; init; }
    public required string Name { get; init; }
    public required UnitLevel Level { get; init; }
    public UnitVersion? Parent { get; init; }
    public required DateOnly ValidFrom { get; init; }
    public DateOnly? ValidTo { get; set; }
    /// <summary>Created by a reform (else registered through POST /api/v1/units).</summary>
    public bool Reformed { get; init; }
    public List<(UnitVersion Unit, TransferKind Kind)> Predecessors { get; } = [];
    public List<(UnitVersion Unit, TransferKind Kind)> Successors { get; } = [];

    public bool InForceOn(DateOnly date) => date >= ValidFrom && (ValidTo is not { } end || date < end);

    public UnitVersion Province => Parent is null ? this : Parent.Province;

    public UnitSnapshot Snapshot()
    {
        var district = Parent is { Level: UnitLevel.District } d ? d : null;
        return new UnitSnapshot(Id, Code, Name, district?.Code, district?.Name, Province.Code, Province.Name);
    }

    /// <summary>How GET .../statistics?restate=current names an earlier version.</summary>
    public string Label => $"{Name} ({Code}, {ValidFrom:yyyy-MM-dd}–{ValidTo:yyyy-MM-dd})";
}

/// <summary>The counts one activity adds: the reference sums these.</summary>
public sealed record Tally(
    long Shifts = 0, long Participations = 0, long Inspections = 0, long Fines = 0, long Warnings = 0, long OtherSanctions = 0,
    long CasesDetected = 0, long CamerasInstalled = 0, long RecordersInstalled = 0, long CamerasDecommissioned = 0,
    long RecordersDecommissioned = 0)
{
    public static readonly Tally Zero = new();

    public Tally Add(Tally o) => new(
        Shifts + o.Shifts, Participations + o.Participations, Inspections + o.Inspections, Fines + o.Fines, Warnings + o.Warnings,
        OtherSanctions + o.OtherSanctions, CasesDetected + o.CasesDetected, CamerasInstalled + o.CamerasInstalled,
        RecordersInstalled + o.RecordersInstalled, CamerasDecommissioned + o.CamerasDecommissioned, RecordersDecommissioned + o.RecordersDecommissioned);

    public static Tally Of(RecordCounts c) => new(c.Shifts, c.Participations, c.Inspections, c.Sanctions.Fines, c.Sanctions.Warnings, c.Sanctions.Other, c.CasesDetected);
}

/// <summary>A correction (new counts) or retraction (none) of a record, from its business date.</summary>
public sealed record Amendment(DateOnly On, Reported Reported, Tally? Now);

/// <summary>One recorded activity of a model, as the reference sees it.</summary>
public sealed class Activity
{
    public required Guid ModelId { get; init; }
    public required string ModelType { get; init; }
    public required UnitSnapshot Unit { get; init; }
    public required DateOnly On { get; init; }
    public required Reported Reported { get; init; }
    public required Tally Counts { get; init; }
    public List<Amendment> Amendments { get; } = [];
    /// <summary>A registered case (rule 5's prosecution window applies).</summary>
    public bool IsCase { get; init; }
    public (DateOnly On, Reported Reported)? Prosecution { get; set; }
}

public sealed class Model
{
    public required Guid Id { get; init; }
    public required string Type { get; init; }
    public required ModelKind Kind { get; init; }
    public required Organisation Lead { get; init; }
    public required UnitVersion Home { get; init; }
    public required DateOnly Launch { get; init; }
    public required Reported Reported { get; init; }
    public Guid? ReplicatedFrom { get; init; }
    public (DateOnly On, Reported Reported)? Discontinued { get; set; }
    public List<(DateOnly On, Reported Reported, AssessmentRating Rating)> Assessments { get; } = [];
    public List<Guid> Patrols { get; } = [];
}

public sealed record Commended(UnitSnapshot Unit, DateOnly On, Reported Reported, CommendationForm Form, IssuingOrganisation Issuer, string? ProgramId);

public sealed class CatalogueType
{
    public required string TypeCode { get; init; }
    public required Organisation Maintainer { get; init; }
    public required DateOnly AddedOn { get; init; }
    public required Reported Added { get; init; }
    public (DateOnly On, Reported Reported)? Removed { get; set; }
    public List<(DateOnly On, Reported Reported, AssessmentRating Rating)> Assessments { get; } = [];
}

/// <summary>An event to append directly, with its reported-at and its place in the generation (causes come first).</summary>
public sealed record Appended(Guid Stream, object Event, Reported Reported, int Order);

/// <summary>A patrol to record through the API twice with one Idempotency-Key.</summary>
public sealed record RepeatedPatrol(Model Model, RecordPatrol Command, UnitSnapshot Unit, string IdempotencyKey);

/// <summary>
/// One generated province: its units and one reform (WHOLE and PART transfers, a reused code), models with late and
/// backdated assessments, discontinuations, activity with corrections and retractions, cases and prosecutions,
/// equipment, commendations and a catalogue. Valid by construction: every amendment is on or after its record's date
/// and after the amendments before it, in business time and in reported time; prosecutions follow detections;
/// assessments and activity fall between launch and discontinuation, in a unit the model can be placed in then.
/// </summary>
public sealed class History
{
    public const string ProgramId = "national-2023-2033";
    public static readonly DateOnly ProgramFrom = new(2023, 1, 1);
    public static readonly DateOnly FirstDay = new(2021, 1, 1);
    public static readonly DateOnly LastDay = new(2026, 10, 31);
    /// <summary>The last day any generated report or knownAt falls on (before the ledger's own clock).</summary>
    public static readonly DateOnly LastKnownDay = new(2026, 11, 30);
    public static readonly string[] Types = ["security-cameras", "apartment-self-management-team", "youth-shock-brigade"];

    public required int Seed { get; init; }
    public required string Province { get; init; }
    public List<UnitVersion> Units { get; } = [];
    /// <summary>One reform, sometimes a second that retires the first one's unit again.</summary>
    public List<RecordReform> Reforms { get; } = [];
    public List<Model> Models { get; } = [];
    public List<Activity> Activities { get; } = [];
    public List<Commended> Commendations { get; } = [];
    public List<CatalogueType> Catalogue { get; } = [];
    public List<Appended> Events { get; } = [];
    public List<RepeatedPatrol> RepeatedPatrols { get; } = [];

    /// <summary>Business and reported days of the history: query dates are often drawn from these and their neighbours.</summary>
    public SortedSet<DateOnly> Dates { get; } = [];

    public IEnumerable<UnitVersion> Communes => Units.Where(u => u.Level is UnitLevel.Ward or UnitLevel.Commune);

    /// <summary>The history in a few lines per fact, for a failure's output.</summary>
    public string Describe()
    {
        var lines = new List<string> { $"History {Seed}, province {Province}" };
        lines.AddRange(Reforms.Select(r => $"reform {r.EffectiveDate:yyyy-MM-dd}: retire {string.Join(",", r.Retire)}; "
            + string.Join(", ", r.Transfers.Select(t => $"{t.From}->{t.To} {t.Kind}"))));
        lines.AddRange(Models.Select(m => $"model {m.Id} {m.Type} {m.Kind} {m.Lead} in {m.Home.Code}@{m.Home.ValidFrom:yyyy-MM-dd} launched {m.Launch:yyyy-MM-dd} reported {m.Reported.At:O}"
            + (m.Discontinued is { } d ? $" discontinued {d.On:yyyy-MM-dd} reported {d.Reported.At:O}" : "")
            + string.Concat(m.Assessments.Select(a => $"; assessed {a.On:yyyy-MM-dd} {a.Rating} reported {a.Reported.At:O}"))));
        lines.AddRange(Activities.Select(a => $"activity of {a.ModelId} ({a.ModelType}) in {a.Unit.Code}/{a.Unit.DistrictCode} on {a.On:yyyy-MM-dd} reported {a.Reported.At:O}: {a.Counts}"
            + (a.Prosecution is { } p ? $"; prosecuted {p.On:yyyy-MM-dd} reported {p.Reported.At:O}" : "")
            + string.Concat(a.Amendments.Select(m => $"; amended {m.On:yyyy-MM-dd} reported {m.Reported.At:O} to {m.Now?.ToString() ?? "nothing"}"))));
        lines.AddRange(Commendations.Select(c => $"commendation in {c.Unit.Code} on {c.On:yyyy-MM-dd} reported {c.Reported.At:O}: {c.Form} {c.Issuer} {c.ProgramId}"));
        lines.AddRange(Catalogue.Select(e => $"catalogue {e.TypeCode} {e.Maintainer} added {e.AddedOn:yyyy-MM-dd} reported {e.Added.At:O}"
            + (e.Removed is { } r ? $" removed {r.On:yyyy-MM-dd} reported {r.Reported.At:O}" : "")
            + string.Concat(e.Assessments.Select(a => $"; assessed {a.On:yyyy-MM-dd} {a.Rating} reported {a.Reported.At:O}"))));
        return string.Join("\n", lines);
    }

    public static History Generate(int seed, string province) => new HistoryBuilder(seed, province).Build();
}

internal sealed class HistoryBuilder(int seed, string province)
{
    private readonly Random _rng = new(seed);
    // Ids apart from the rest: one seed asked for in two provinces (two properties, one run seed) must not share streams.
    private readonly Random _ids = new(unchecked(seed * 131 + int.Parse(province, System.Globalization.CultureInfo.InvariantCulture)));
    private int _order;
    private int _tick;
    private History _h = null!;

    public History Build()
    {
        _h = new History { Seed = seed, Province = province };
        BuildUnits();
        for (int i = 0, n = _rng.Next(2, 7); i < n; i++)
        {
            BuildModel();
        }
        for (int i = 0, n = _rng.Next(0, 4); i < n; i++)
        {
            BuildCommendation();
        }
        BuildCatalogue();
        foreach (var a in _h.Activities)
        {
            _h.Dates.Add(a.On);
            foreach (var m in a.Amendments)
            {
                _h.Dates.Add(m.On);
            }
        }
        foreach (var e in _h.Events)
        {
            if (e.Reported.Day is { } day && day <= History.LastKnownDay)
            {
                _h.Dates.Add(day);
            }
        }
        return _h;
    }

    private T Pick<T>(IReadOnlyList<T> items) => items[_rng.Next(items.Count)];

    private bool Chance(double p) => _rng.NextDouble() < p;

    private DateOnly Day(DateOnly from, DateOnly to) => to < from ? from : from.AddDays(_rng.Next(to.DayNumber - from.DayNumber + 1));

    private Guid NewId()
    {
        var bytes = new byte[16];
        _ids.NextBytes(bytes);
        return new Guid(bytes);
    }

    /// <summary>
    /// When a fact of <paramref name="day"/> was reported, not before <paramref name="after"/> (its cause): the same day,
    /// days or years later, at any time of day and often right at Vietnam's midnight (which is 17:00 UTC), sometimes
    /// with no header at all or a reported-at later than the recording.
    /// </summary>
    private Reported ReportedAfter(DateOnly day, Reported after)
    {
        if (after.At is not { } cause || Chance(0.07))
        {
            return Reported.WhenAppended;
        }
        DateTimeOffset at;
        if (Chance(0.04))
        {
            at = new DateTimeOffset(2027, 1, 1, 9, 0, 0, VietnamTime.Offset).AddDays(_rng.Next(200));
        }
        else
        {
            var lag = _rng.Next(4) switch { 0 => 0, 1 => _rng.Next(1, 10), 2 => _rng.Next(10, 120), _ => _rng.Next(120, 800) };
            var reportedDay = day.AddDays(lag) > History.LastKnownDay ? History.LastKnownDay : day.AddDays(lag);
            var time = _rng.Next(5) switch
            {
                0 => new TimeOnly(23, 59, 0),
                1 => new TimeOnly(0, 0, 0),
                2 => new TimeOnly(7, 0, 0),
                _ => new TimeOnly(_rng.Next(24), _rng.Next(60)),
            };
            at = new DateTimeOffset(reportedDay.ToDateTime(time), VietnamTime.Offset);
        }
        // Distinct moments, so "of two on one day the one recorded later" is always decided; some written in UTC.
        at = (at < cause ? cause.AddMinutes(_rng.Next(1, 300)) : at).AddSeconds(_tick++);
        return new Reported(Chance(0.5) ? at.ToUniversalTime() : at);
    }

    private static readonly Reported Start = new(new DateTimeOffset(2008, 1, 1, 0, 0, 0, TimeSpan.Zero));

    private void Append(Guid stream, object e, Reported reported) => _h.Events.Add(new Appended(stream, e, reported, _order++));

    private UnitVersion Unit(string code, string name, UnitLevel level, UnitVersion? parent, DateOnly from, bool reformed = false)
    {
        var unit = new UnitVersion { Id = UnitIds.ForVersion(code, from), Code = code, Name = name, Level = level, Parent = parent, ValidFrom = from, Reformed = reformed };
        _h.Units.Add(unit);
        return unit;
    }

    private void BuildUnits()
    {
        var p = Unit(province, $"Tỉnh thử {province}", UnitLevel.Province, null, new DateOnly(2008, 8, 1));
        var districts = new[] { Unit($"{province}0", $"Huyện thử {province}0", UnitLevel.District, p, new DateOnly(2008, 8, 1)),
            Unit($"{province}1", $"Huyện thử {province}1", UnitLevel.District, p, new DateOnly(2008, 8, 1)) };
        var communes = new List<UnitVersion>();
        foreach (var (d, i) in districts.Select((d, i) => (d, i)))
        {
            for (var k = 1; k <= 3; k++)
            {
                communes.Add(Unit($"{province}{i}0{k}", $"Phường {province}{i}0{k}", i == 0 && k == 3 ? UnitLevel.Commune : UnitLevel.Ward, d, new DateOnly(2020, 1, 1)));
            }
        }

        // One reform in district 0: two or three communes retired; X reuses the first one's code, Y is new.
        var date = new DateOnly(_rng.Next(2022, 2027), 1, 1).AddMonths(_rng.Next(12));
        if (date > new DateOnly(2026, 9, 1))
        {
            date = new DateOnly(2025, 7, 1);
        }
        var retired = communes.Take(3).Where((_, i) => i == 0 || Chance(0.75)).ToList();
        if (retired.Count == 1)
        {
            retired.Add(communes[1]);
        }
        var parent = Chance(0.5) ? districts[0] : p;
        var x = Unit(retired[0].Code, $"Phường mới {retired[0].Code}", UnitLevel.Ward, parent, date, reformed: true);
        var y = Chance(0.7) ? Unit($"{province}091", $"Phường mới {province}091", UnitLevel.Ward, parent, date, reformed: true) : null;
        var staying = communes[3];
        var transfers = new List<(UnitVersion From, UnitVersion To, TransferKind Kind)>();
        foreach (var (r, i) in retired.Select((r, i) => (r, i)))
        {
            var roll = _rng.Next(4);
            if (i > 0 && roll == 3 && Chance(0.5))
            {
                // Part into X, part into a unit that stays (which records no predecessor).
                transfers.Add((r, x, TransferKind.Part));
                transfers.Add((r, staying, TransferKind.Part));
            }
            else if (y is null || roll == 0 || i == 0 && roll != 2)
            {
                transfers.Add((r, x, TransferKind.Whole));
            }
            else if (roll == 1)
            {
                transfers.Add((r, y, TransferKind.Whole));
            }
            else
            {
                transfers.Add((r, x, TransferKind.Part));
                transfers.Add((r, y, TransferKind.Part));
            }
        }
        if (y is not null && transfers.All(t => t.To != y))
        {
            transfers.Add((retired[^1], y, TransferKind.Part));
            var toX = transfers.FindIndex(t => t.From == retired[^1] && t.To == x);
            if (toX >= 0)
            {
                transfers[toX] = (retired[^1], x, TransferKind.Part);
            }
        }
        Reform(date, retired, [x, .. y is null ? Array.Empty<UnitVersion>() : [y]], parent, transfers);

        // Sometimes a second reform takes X (and perhaps the unit that stayed) into Z, which may reuse X's code again:
        // restatement then follows two generations of links.
        var second = date.AddMonths(_rng.Next(6, 25));
        if (Chance(0.5) && second <= new DateOnly(2026, 9, 1))
        {
            var also = Chance(0.5) ? staying : null;
            var z = Unit(Chance(0.5) ? x.Code : $"{province}092", $"Phường hợp nhất {province}", UnitLevel.Ward, p, second, reformed: true);
            var other = communes[4];
            var moves = new List<(UnitVersion From, UnitVersion To, TransferKind Kind)>();
            foreach (var r in new[] { x, also }.OfType<UnitVersion>())
            {
                if (Chance(0.7))
                {
                    moves.Add((r, z, TransferKind.Whole));
                }
                else
                {
                    moves.Add((r, z, TransferKind.Part));
                    moves.Add((r, other, TransferKind.Part));
                }
            }
            Reform(second, [x, .. also is null ? Array.Empty<UnitVersion>() : [also]], [z], p, moves);
        }
    }

    private void Reform(DateOnly date, IReadOnlyList<UnitVersion> retired, IReadOnlyList<UnitVersion> created, UnitVersion parent,
        IReadOnlyList<(UnitVersion From, UnitVersion To, TransferKind Kind)> transfers)
    {
        foreach (var r in retired)
        {
            r.ValidTo = date;
        }
        foreach (var (from, to, kind) in transfers)
        {
            from.Successors.Add((to, kind));
            if (created.Contains(to))
            {
                to.Predecessors.Add((from, kind));
            }
        }
        _h.Reforms.Add(new RecordReform(
            $"Nghị quyết thử {province}/{seed}/{_h.Reforms.Count + 1}", date, [.. retired.Select(r => r.Code)],
            [.. created.Select(u => new NewUnit(u.Code, u.Name, u.Level, parent.Code))],
            [.. transfers.Select(t => new Transfer(t.From.Code, t.To.Code, t.Kind))]));
    }

    /// <summary>Where the ledger places a model's activity on a date (ModelWrite.Place): its unit while in force, then
    /// along single links or a single WHOLE transfer; nowhere once its unit was split.</summary>
    private static UnitVersion? PlaceOn(Model model, DateOnly date)
    {
        var unit = model.Home;
        for (var step = 0; unit is not null && !unit.InForceOn(date) && step < 8; step++)
        {
            var links = date < unit.ValidFrom ? unit.Predecessors : unit.Successors;
            unit = links.Count == 1 ? links[0].Unit : links.Where(l => l.Kind == TransferKind.Whole).ToList() is [var whole] ? whole.Unit : null;
        }
        return unit is not null && unit.InForceOn(date) ? unit : null;
    }

    private void BuildModel()
    {
        var launch = Day(History.FirstDay, new DateOnly(2026, 9, 30));
        var homes = _h.Communes.Where(c => c.InForceOn(launch)).ToList();
        var model = new Model
        {
            Id = NewId(),
            Type = Pick(History.Types),
            Kind = Chance(0.7) ? ModelKind.Model : ModelKind.GoodPractice,
            Lead = Pick([Organisation.Police, Organisation.FatherlandFront, Organisation.YouthUnion, Organisation.PeoplesCommittee]),
            Home = Pick(homes),
            Launch = launch,
            Reported = ReportedAfter(launch, Start),
            ReplicatedFrom = _h.Models.Count > 0 && Chance(0.3) ? Pick(_h.Models).Id : null,
        };
        _h.Models.Add(model);
        _h.Dates.Add(launch);
        Append(model.Id, new ModelRegistered(model.Id, model.Type, model.Kind, $"Mô hình {_h.Models.Count}", model.Home.Snapshot(), model.Lead,
            [Organisation.Police], Chance(0.5) ? History.ProgramId : null, launch, model.ReplicatedFrom), model.Reported);

        var lastLive = History.LastDay;
        if (Chance(0.35) && launch < History.LastDay)
        {
            var on = Day(launch.AddDays(1), History.LastDay);
            model.Discontinued = (on, ReportedAfter(on, model.Reported));
            lastLive = on.AddDays(-1);
            _h.Dates.Add(on);
        }

        for (int i = 0, n = _rng.Next(0, 5); i < n; i++)
        {
            // Backdated ones come naturally: reports are drawn apart from the order of business dates.
            var on = Chance(0.2) && model.Assessments.Count > 0 ? Pick(model.Assessments).On : Day(launch, lastLive);
            var reported = ReportedAfter(on, model.Reported);
            // Two on one day are ordered by their reported moments, which only a header gives before appending.
            if (model.Assessments.Any(a => a.On == on && (a.Reported.At is null || reported.At is null)))
            {
                continue;
            }
            var rating = Chance(0.6) ? AssessmentRating.Effective : AssessmentRating.NotEffective;
            model.Assessments.Add((on, reported, rating));
            _h.Dates.Add(on);
            Append(model.Id, new ModelAssessed(model.Id, NewId(), model.Home.Snapshot(), on, rating, Organisation.Police, null), reported);
        }

        for (int i = 0, n = _rng.Next(0, 9); i < n; i++)
        {
            BuildActivity(model, lastLive);
        }

        if (model.Discontinued is { } d)
        {
            Append(model.Id, new ModelDiscontinued(model.Id, model.Home.Snapshot(), d.On, "Ngừng hoạt động"), d.Reported);
        }
        else if (Chance(0.5))
        {
            for (int i = 0, n = _rng.Next(1, 3); i < n; i++)
            {
                var day = Day(launch, History.LastDay);
                if (PlaceOn(model, day) is not { } unit)
                {
                    continue;
                }
                var start = new DateTimeOffset(day.ToDateTime(new TimeOnly(_rng.Next(24), 0)), VietnamTime.Offset);
                var command = new RecordPatrol(start, start.AddHours(_rng.Next(1, 6)), _rng.Next(1, 13), _rng.Next(0, 4),
                    new SanctionCounts(_rng.Next(0, 3), _rng.Next(0, 2), 0), _rng.Next(0, 2));
                _h.RepeatedPatrols.Add(new RepeatedPatrol(model, command, unit.Snapshot(), $"props-{province}-{seed}-{_order++}"));
                _h.Dates.Add(day);
            }
        }
    }

    private void BuildActivity(Model model, DateOnly lastLive)
    {
        var on = Day(model.Launch, lastLive);
        if (PlaceOn(model, on) is not { } unit)
        {
            return;
        }
        var where = unit.Snapshot();
        var reported = ReportedAfter(on, model.Reported);
        Activity Add(Tally counts, bool isCase = false)
        {
            var activity = new Activity { ModelId = model.Id, ModelType = model.Type, Unit = where, On = on, Reported = reported, Counts = counts, IsCase = isCase };
            _h.Activities.Add(activity);
            return activity;
        }
        var id = NewId();
        switch (_rng.Next(7))
        {
            case 0 or 1:
                {
                    var hour = _rng.Next(24);
                    // A shift's date is its start's date in Vietnam, whatever offset the start was written with.
                    var start = new DateTimeOffset(on.ToDateTime(new TimeOnly(hour, _rng.Next(60))), VietnamTime.Offset);
                    var e = new PatrolRecorded(model.Id, id, where, Chance(0.5) ? start.ToUniversalTime() : start, start.AddHours(_rng.Next(1, 9)),
                        _rng.Next(1, 13), _rng.Next(0, 4), new SanctionCounts(_rng.Next(0, 3), _rng.Next(0, 2), _rng.Next(0, 2)), _rng.Next(0, 2));
                    model.Patrols.Add(id);
                    Append(model.Id, e, reported);
                    Amend(model, Add(Tally.Of(RecordCounts.Of(e)!)), id, "patrol_recorded", RecordCounts.Of(e)!);
                    break;
                }
            case 2:
                {
                    var e = new InspectionsRecorded(model.Id, id, where, on, _rng.Next(1, 6));
                    Append(model.Id, e, reported);
                    Amend(model, Add(Tally.Of(RecordCounts.Of(e)!)), id, "inspections_recorded", RecordCounts.Of(e)!);
                    break;
                }
            case 3:
                {
                    var e = new SanctionsRecorded(model.Id, id, where, on, new SanctionCounts(_rng.Next(0, 4), _rng.Next(0, 3), _rng.Next(0, 2)));
                    Append(model.Id, e, reported);
                    Amend(model, Add(Tally.Of(RecordCounts.Of(e)!)), id, "sanctions_recorded", RecordCounts.Of(e)!);
                    break;
                }
            case 4:
                {
                    Guid? patrol = model.Patrols.Count > 0 && Chance(0.3) ? Pick(model.Patrols) : null;
                    Append(model.Id, new CaseDetected(model.Id, id, where, on, $"VV-{_order}", patrol), reported);
                    var detected = Add(new Tally(CasesDetected: patrol is null ? 1 : 0), isCase: true);
                    if (Chance(0.6))
                    {
                        var prosecutedOn = Chance(0.2) ? on : Day(on, History.LastDay);
                        var prosecution = ReportedAfter(prosecutedOn, reported);
                        detected.Prosecution = (prosecutedOn, prosecution);
                        _h.Dates.Add(prosecutedOn);
                        Append(model.Id, new CaseProsecuted(model.Id, id, where, prosecutedOn, "Cơ quan CSĐT"), prosecution);
                    }
                    break;
                }
            case 5:
                {
                    var (cameras, recorders) = (_rng.Next(0, 7), _rng.Next(0, 3));
                    cameras = cameras + recorders == 0 ? 1 : cameras;
                    Append(model.Id, new EquipmentInstalled(model.Id, id, where, on, cameras, recorders), reported);
                    Add(new Tally(CamerasInstalled: cameras, RecordersInstalled: recorders));
                    if (Chance(0.4))
                    {
                        var off = Day(on, lastLive);
                        if (PlaceOn(model, off) is { } offUnit)
                        {
                            var (c, r) = (_rng.Next(0, cameras + 1), _rng.Next(0, recorders + 1));
                            var offReported = ReportedAfter(off, reported);
                            Append(model.Id, new EquipmentDecommissioned(model.Id, NewId(), offUnit.Snapshot(), off, c, r), offReported);
                            _h.Activities.Add(new Activity
                            {
                                ModelId = model.Id,
                                ModelType = model.Type,
                                Unit = offUnit.Snapshot(),
                                On = off,
                                Reported = offReported,
                                Counts = new Tally(CamerasDecommissioned: c, RecordersDecommissioned: r),
                            });
                        }
                    }
                    break;
                }
            default:
                break;
        }
    }

    /// <summary>A chain of corrections, perhaps ending in a retraction: each on or after the one before, and reported after it.</summary>
    private void Amend(Model model, Activity record, Guid recordId, string type, RecordCounts counts)
    {
        if (!Chance(0.4))
        {
            return;
        }
        var (supersedes, was, on, reported) = (recordId, counts, record.On, record.Reported);
        for (int i = 0, n = _rng.Next(1, 4); i < n; i++)
        {
            on = Chance(0.25) ? on : Day(on, History.LastDay);
            reported = ReportedAfter(on, reported);
            if (Chance(0.25))
            {
                Append(model.Id, new RecordRetracted(model.Id, NewId(), type, recordId, supersedes, record.Unit, record.On, on, was, "Ghi nhầm",
                    new Approver("Nguyễn Văn A", "Trưởng Công an phường")), reported);
                record.Amendments.Add(new Amendment(on, reported, null));
                return;
            }
            var now = type switch
            {
                "patrol_recorded" => new RecordCounts(1, _rng.Next(1, 13), _rng.Next(0, 4), new SanctionCounts(_rng.Next(0, 3), _rng.Next(0, 2), _rng.Next(0, 2)), _rng.Next(0, 2)),
                "inspections_recorded" => new RecordCounts(0, 0, _rng.Next(0, 6), SanctionCounts.None, 0),
                _ => new RecordCounts(0, 0, 0, new SanctionCounts(_rng.Next(0, 4), _rng.Next(0, 3), _rng.Next(0, 2)), 0),
            };
            var correctionId = NewId();
            Append(model.Id, new RecordCorrected(model.Id, correctionId, NewId(), type, recordId, supersedes, record.Unit, record.On, on, was, now,
                "Sai số liệu", new Approver("Nguyễn Văn A", "Trưởng Công an phường")), reported);
            record.Amendments.Add(new Amendment(on, reported, Tally.Of(now)));
            (supersedes, was) = (correctionId, now);
        }
    }

    private void BuildCommendation()
    {
        var on = Day(History.FirstDay, History.LastDay);
        var unit = Pick(_h.Communes.Where(c => c.InForceOn(on)).ToList());
        var reported = ReportedAfter(on, Start);
        var form = Chance(0.5) ? CommendationForm.CertificateOfMerit : CommendationForm.CertificateOfCommendation;
        var issuer = Pick(Enum.GetValues<IssuingOrganisation>());
        var program = _rng.Next(3) switch { 0 => null, 1 => History.ProgramId, _ => "national-09-2013" };
        var id = NewId();
        _h.Commendations.Add(new Commended(unit.Snapshot(), on, reported, form, issuer, program));
        _h.Dates.Add(on);
        Append(id, new CommendationGranted(id, form, issuer, unit.Snapshot(), null,
            new Recipient(RecipientKind.Collective, "Tổ tự quản", unit.Code, _h.Models.Count > 0 && Chance(0.5) ? Pick(_h.Models).Id : null),
            "Thành tích xuất sắc", $"QĐ-{_order}", on, program), reported);
    }

    private void BuildCatalogue()
    {
        var stream = CatalogueIds.For(province);
        foreach (var type in ModelTypes.All.Select(t => t.Code).Where(_ => Chance(0.3)).Take(4))
        {
            var added = Day(History.FirstDay, History.LastDay);
            var entry = new CatalogueType
            {
                TypeCode = type,
                Maintainer = Pick(Enum.GetValues<Organisation>()),
                AddedOn = added,
                Added = ReportedAfter(added, Start),
            };
            _h.Catalogue.Add(entry);
            _h.Dates.Add(added);
            Append(stream, new CatalogueTypeAdded(province, type, $"Loại {type}", entry.Maintainer, added), entry.Added);
            var lastIn = History.LastDay;
            if (Chance(0.3) && added < History.LastDay)
            {
                var removed = Day(added.AddDays(1), History.LastDay);
                entry.Removed = (removed, ReportedAfter(removed, entry.Added));
                lastIn = removed.AddDays(-1);
            }
            for (int i = 0, n = _rng.Next(0, 4); i < n; i++)
            {
                var on = Day(added, lastIn);
                var reported = ReportedAfter(on, entry.Added);
                if (entry.Assessments.Any(a => a.On == on && (a.Reported.At is null || reported.At is null)))
                {
                    continue;
                }
                var rating = Chance(0.6) ? AssessmentRating.Effective : AssessmentRating.NotEffective;
                entry.Assessments.Add((on, reported, rating));
                _h.Dates.Add(on);
                Append(stream, new CatalogueTypeAssessed(province, type, on, rating, null), reported);
            }
            if (entry.Removed is { } r)
            {
                _h.Dates.Add(r.On);
                Append(stream, new CatalogueTypeRemoved(province, type, r.On, "Không còn phù hợp"), r.Reported);
            }
        }
    }
}
