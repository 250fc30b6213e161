using EventSourced.Api.Ledger;
using EventSourced.Api.Modules.Catalogues;
using EventSourced.Api.Modules.Clusters;
using EventSourced.Api.Modules.Commendations;
using EventSourced.Api.Modules.Models;
using EventSourced.Api.Modules.Officials;
using EventSourced.Api.Modules.Reference;
using EventSourced.Api.Modules.Reviews;
using EventSourced.Api.Modules.Statistics.Measures;
using EventSourced.Api.Modules.Units;
using FluentValidation;
using Marten;

namespace EventSourced.Api.Modules.Seeds;

/// <summary>
/// The dataset behind the published figures of the 2023 reviews (DESIGN.md, ../shared/seed-facts.json): Hà Nội's
/// ten-year figures, Ho Chi Minh City's catalogue and cameras, District 4's apartment teams, cluster No. 1 and the
/// commendations of 2023. Generated deterministically (fixed seed) and applied through the command handlers, each fact
/// with the time the reporting chain learned it. It holds what a naive rule would miscount: launches outside the
/// window, a late report, downgrades (some recorded only after the review), discontinued models, other districts and
/// types, cases detected before or prosecuted after the window.
/// Units that no reference list here gives (Hà Nội needs 181+ communes) are synthetic and say so: district 990 and
/// communes 90001–90200, outside the range of official codes.
/// </summary>
public sealed class ReviewDataset(IDocumentStore store, Action<int>? progress, CancellationToken ct)
{
    public const int RandomSeed = 20_231_225;
    public static readonly DateOnly HanoiReview = new(2023, 7, 24);
    public static readonly DateOnly HcmcReview = new(2023, 12, 25);
    public static readonly DateOnly ProgramStart = new(2013, 1, 1);
    public const string HanoiReviewTitle = "Hội nghị tổng kết 10 năm thực hiện Chương trình phối hợp số 09 (Hà Nội)";
    public const string HcmcReviewTitle = "Hội nghị tổng kết 10 năm thực hiện Chương trình phối hợp số 478 (TP. Hồ Chí Minh)";

    /// <summary>The Quận 4 wards of 2021–2024 (seeds/units.json).</summary>
    private static readonly string[] District4Wards =
        ["27259", "27262", "27265", "27268", "27271", "27277", "27280", "27283", "27286", "27289", "27292", "27295", "27298"];

    private static readonly string[] OtherTypes =
    [
        "self-managed-boarding-houses", "family-club-against-social-evils", "youth-shock-brigade", "civil-defence-team",
        "self-defended-residential-area", "offender-reintegration-5-plus-1", "self-managed-motorbike-taxis", "apartment-self-management-team",
    ];

    private readonly Random _random = new(RandomSeed);
    private readonly TimeProvider _time = TimeProvider.System;
    private int _applied;
    private int _skipped;

    /// <summary>Roughly how many commands a load applies (for a progress bar).</summary>
    public const int ApproximateCommands = 3_200;

    public async Task<SeedOutcome> Load()
    {
        await HanoiUnits();
        await Hanoi();
        await District4();
        await HcmcCameras();
        await HcmcCatalogue();
        await Commendations();
        await Cluster();
        await Reviews();
        return new SeedOutcome(_applied, _skipped);
    }

    private static DateTimeOffset ReportedOn(DateOnly day) => new(day.ToDateTime(new TimeOnly(17, 0)), VietnamTime.Offset);

    private DateOnly Day(DateOnly from, DateOnly to) => from.AddDays(_random.Next(to.DayNumber - from.DayNumber + 1));

    private async Task<Guid?> Apply<T>(string key, DateOnly reportedOn, T command, IValidator<T> validator, Func<T, IDocumentSession, Task<IResult>> handle)
    {
        var (applied, id) = await SeedLoader.Apply(store, $"dataset:{key}", ReportedOn(reportedOn), command, validator, handle, ct);
        (_applied, _skipped) = applied ? (_applied + 1, _skipped) : (_applied, _skipped + 1);
        progress?.Invoke(1);
        return id;
    }

    private Task<Guid?> Register(string key, string province, string unit, string type, DateOnly launch, DateOnly? reportedOn = null,
        Organisation lead = Organisation.Police, string? program = null, Guid? replicatedFrom = null) =>
        Apply($"model:{key}", reportedOn ?? launch,
            new RegisterModel(type, ModelKind.Model, $"{ModelTypes.Find(type)!.Name} {unit}-{key}", province, unit, lead, [Organisation.FatherlandFront],
                program, launch, replicatedFrom),
            new RegisterModelValidator(_time), (c, s) => RegisterModelEndpoint.Post(c, s, ct));

    private Task<Guid?> Assess(string key, Guid model, DateOnly on, AssessmentRating rating, DateOnly? reportedOn = null) =>
        Apply($"assessment:{key}", reportedOn ?? on, new AssessModel(on, rating, Organisation.Police, "Rà soát, đánh giá định kỳ"),
            new AssessModelValidator(_time), (c, s) => AssessModelEndpoint.Post(model, c, s, ifMatch: null, ct: ct));

    private Task<Guid?> Discontinue(string key, Guid model, DateOnly on) =>
        Apply($"discontinuation:{key}", on, new DiscontinueModel(on, "Ngừng hoạt động theo rà soát"),
            new DiscontinueModelValidator(_time), (c, s) => DiscontinueModelEndpoint.Post(model, c, s, ifMatch: null, ct: ct));

    private async Task HanoiUnits()
    {
        await Apply("unit:990", ProgramStart, new RegisterUnit("990", "Quận Mô Phỏng (dữ liệu giả lập)", UnitLevel.District, "01", new DateOnly(2008, 8, 1), "Dữ liệu giả lập"),
            new RegisterUnitValidator(), (c, s) => RegisterUnitEndpoint.Post(c, s, ct));
        for (var i = 1; i <= 200; i++)
        {
            await Apply($"unit:{90000 + i}", ProgramStart,
                new RegisterUnit($"{90000 + i}", $"Phường Mô Phỏng {i:000}", UnitLevel.Ward, "990", new DateOnly(2008, 8, 1), "Dữ liệu giả lập"),
                new RegisterUnitValidator(), (c, s) => RegisterUnitEndpoint.Post(c, s, ct));
        }
    }

    /// <summary>Hà Nội, 2013 to the review of 2023-07-24: 1,616 launched, 495 effective, self-management in 181
    /// communes, cameras in 109.</summary>
    private async Task Hanoi()
    {
        string[] wards = ["00001", "00004", "00006", "00007", .. Enumerable.Range(1, 200).Select(i => $"{90000 + i}")];
        var window = (From: ProgramStart, To: new DateOnly(2023, 7, 20));
        var live = new List<(Guid Id, DateOnly Launch)>();
        async Task Live(string key, string ward, string type, DateOnly launch) => live.Add(((await Register(key, "01", ward, type, launch))!.Value, launch));

        // Self-management in 181 communes (19 of them with a second instance); 10 more discontinued elsewhere.
        for (var i = 0; i < 181; i++) await Live($"hn-sm-{i}", wards[i], "security-order-self-management", Day(window.From, new DateOnly(2022, 12, 31)));
        for (var i = 0; i < 19; i++) await Live($"hn-sm-extra-{i}", wards[i], "security-order-self-management", Day(window.From, window.To));
        var discontinued = new List<Guid>();
        for (var i = 0; i < 10; i++)
        {
            var id = (await Register($"hn-sm-stopped-{i}", "01", wards[181 + i], "security-order-self-management", Day(new DateOnly(2014, 1, 1), new DateOnly(2016, 12, 31))))!.Value;
            await Assess($"hn-sm-stopped-{i}", id, new DateOnly(2017, 6, 1), AssessmentRating.Effective);
            await Discontinue($"hn-sm-stopped-{i}", id, Day(new DateOnly(2019, 1, 1), new DateOnly(2021, 12, 31)));
            discontinued.Add(id);
        }

        // Security cameras in 109 communes; 8 more discontinued in others.
        for (var i = 0; i < 109; i++) await Live($"hn-cam-{i}", wards[50 + i], "security-cameras", Day(window.From, new DateOnly(2022, 12, 31)));
        for (var i = 0; i < 8; i++)
        {
            var id = (await Register($"hn-cam-stopped-{i}", "01", wards[159 + i], "security-cameras", new DateOnly(2015, 5, 1)))!.Value;
            await Discontinue($"hn-cam-stopped-{i}", id, new DateOnly(2020, 3, 1));
        }

        // The other kinds of models, to 1,616 launched in the window.
        for (var i = 0; i < 1616 - 181 - 19 - 10 - 109 - 8; i++)
        {
            await Live($"hn-other-{i}", wards[_random.Next(wards.Length)], OtherTypes[_random.Next(OtherTypes.Length)], Day(window.From, window.To));
        }

        // Traps: launched before the program; launched after the review; launched in 2020 but reported only in October 2023.
        for (var i = 0; i < 25; i++)
        {
            var id = (await Register($"hn-2012-{i}", "01", wards[i], "security-order-self-management", Day(new DateOnly(2012, 1, 1), new DateOnly(2012, 12, 31))))!.Value;
            await Assess($"hn-2012-{i}", id, new DateOnly(2014, 3, 1), AssessmentRating.Effective);
        }
        for (var i = 0; i < 15; i++) await Register($"hn-after-{i}", "01", wards[_random.Next(wards.Length)], OtherTypes[i % OtherTypes.Length], Day(new DateOnly(2023, 8, 1), new DateOnly(2023, 12, 31)));
        for (var i = 0; i < 10; i++) await Register($"hn-late-{i}", "01", wards[_random.Next(wards.Length)], OtherTypes[i % OtherTypes.Length], Day(new DateOnly(2020, 1, 1), new DateOnly(2020, 12, 31)), reportedOn: new DateOnly(2023, 10, 1));

        // 495 effective on the review date, as known then; 20 of them downgraded on 2023-07-20 in a report that arrived in September.
        var lastAssessment = new DateOnly(2023, 6, 30);
        var shuffled = live.Where(m => m.Launch <= lastAssessment).OrderBy(_ => _random.Next()).ToList();
        var effective = shuffled.Take(495).ToList();
        for (var i = 0; i < effective.Count; i++)
        {
            var from = effective[i].Launch > new DateOnly(2018, 1, 1) ? effective[i].Launch : new DateOnly(2018, 1, 1);
            await Assess($"hn-effective-{i}", effective[i].Id, Day(from, lastAssessment), AssessmentRating.Effective);
        }
        for (var i = 0; i < 20; i++)
        {
            await Assess($"hn-late-downgrade-{i}", effective[i].Id, new DateOnly(2023, 7, 20), AssessmentRating.NotEffective, reportedOn: new DateOnly(2023, 9, 5));
        }
        // Traps: once effective, downgraded before the review; rated not effective only.
        var others = shuffled.Skip(495).Where(m => m.Launch <= new DateOnly(2018, 5, 1)).ToList();
        for (var i = 0; i < 40; i++)
        {
            await Assess($"hn-was-effective-{i}", others[i].Id, new DateOnly(2018, 5, 1), AssessmentRating.Effective);
            await Assess($"hn-downgraded-{i}", others[i].Id, new DateOnly(2022, 5, 1), AssessmentRating.NotEffective);
        }
        for (var i = 40; i < 70; i++)
        {
            await Assess($"hn-not-effective-{i}", others[i].Id, new DateOnly(2021, 11, 1), AssessmentRating.NotEffective);
        }
    }

    /// <summary>District 4's apartment self-management teams from April 2023 to the review of 2023-12-25: 236 shifts,
    /// more than 1,600 participations, 213 inspections, 7 cases prosecuted, 65 sanctions.</summary>
    private async Task District4()
    {
        var teams = new List<Guid>();
        for (var i = 0; i < 12; i++)
        {
            teams.Add((await Register($"d4-team-{i}", "79", District4Wards[i], "apartment-self-management-team", new DateOnly(2023, 4, 1).AddDays(i), program: "hcmc-478-2013"))!.Value);
        }
        var window = (From: new DateOnly(2023, 4, 12), To: HcmcReview);
        for (var i = 0; i < 236; i++)
        {
            var day = i == 0 ? new DateOnly(2023, 4, 12) : i == 235 ? HcmcReview : Day(window.From, window.To);
            var sanctions = i < 50 ? new SanctionCounts(1, 0, 0) : i < 65 ? new SanctionCounts(0, 1, 0) : SanctionCounts.None;
            await Shift($"d4-shift-{i}", teams[i % teams.Count], day, 6 + _random.Next(3), inspections: i < 213 ? 1 : 0, sanctions);
        }
        // Cases: 7 detected and prosecuted inside the window, 2 prosecuted after it, 1 not prosecuted.
        for (var i = 0; i < 10; i++)
        {
            var detected = new DateOnly(2023, 5, 1).AddDays(i * 14);
            var caseId = (await Apply($"d4-case-{i}", detected, new RecordDetectedCase(detected, $"Q4-2023-{i + 1:0000}", null),
                new RecordDetectedCaseValidator(_time), (c, s) => RecordDetectedCaseEndpoint.Post(teams[i], c, s, ifMatch: null, ct: ct)))!.Value;
            if (i < 9)
            {
                var prosecuted = i < 7 ? detected.AddDays(20) : new DateOnly(2024, 1, 15);
                await Apply($"d4-prosecution-{i}", prosecuted, new RecordProsecution(prosecuted, "Cơ quan Cảnh sát điều tra Công an Quận 4"),
                    new RecordProsecutionValidator(_time), (c, s) => RecordProsecutionEndpoint.Post(teams[i], caseId, c, s, ifMatch: null, ct: ct));
            }
        }
        // Traps: shifts after the review; an older team's shifts and case before the window; a camera model's shifts.
        for (var i = 0; i < 15; i++) await Shift($"d4-after-{i}", teams[i % teams.Count], new DateOnly(2023, 12, 26).AddDays(i % 6), 7, 1, new SanctionCounts(1, 0, 0));
        var older = (await Register("d4-team-2022", "79", "27298", "apartment-self-management-team", new DateOnly(2022, 9, 1)))!.Value;
        for (var i = 0; i < 10; i++) await Shift($"d4-before-{i}", older, new DateOnly(2023, 1, 5).AddDays(i * 7), 8, 1, new SanctionCounts(1, 0, 0));
        var early = (await Apply("d4-case-early", new DateOnly(2023, 3, 10), new RecordDetectedCase(new DateOnly(2023, 3, 10), "Q4-2023-0099", null),
            new RecordDetectedCaseValidator(_time), (c, s) => RecordDetectedCaseEndpoint.Post(older, c, s, ifMatch: null, ct: ct)))!.Value;
        await Apply("d4-prosecution-early", new DateOnly(2023, 4, 20), new RecordProsecution(new DateOnly(2023, 4, 20), "Cơ quan Cảnh sát điều tra Công an Quận 4"),
            new RecordProsecutionValidator(_time), (c, s) => RecordProsecutionEndpoint.Post(older, early, c, s, ifMatch: null, ct: ct));
    }

    private Task<Guid?> Shift(string key, Guid model, DateOnly day, int participants, int inspections, SanctionCounts sanctions)
    {
        var start = new DateTimeOffset(day.ToDateTime(new TimeOnly(19, 0)), VietnamTime.Offset);
        return Apply(key, day, new RecordPatrol(start, start.AddHours(4), participants, inspections, sanctions, 0),
            new RecordPatrolValidator(_time), (c, s) => RecordPatrolEndpoint.Post(model, c, s, ifMatch: null, ct: ct));
    }

    /// <summary>Ho Chi Minh City's cameras: more than 30,000 cameras and 4,200 recorders installed by the review.</summary>
    private async Task HcmcCameras()
    {
        for (var i = 0; i < 40; i++)
        {
            var model = (await Register($"hcm-cam-{i}", "79", District4Wards[i % District4Wards.Length], "security-cameras", new DateOnly(2014 + i % 6, 3, 1),
                lead: i % 2 == 0 ? Organisation.Police : Organisation.FatherlandFront))!.Value;
            for (var year = 2015 + i % 6; year <= 2023; year++)
            {
                var on = new DateOnly(year, 6, 1).AddDays(i);
                await Apply($"hcm-cam-{i}-{year}", on, new RecordEquipmentInstallation(on, 110 + (i * 7 + year) % 50, 15 + (i + year) % 5),
                    new RecordEquipmentInstallationValidator(_time), (c, s) => RecordEquipmentInstallationEndpoint.Post(model, c, s, ifMatch: null, ct: ct));
            }
            if (i < 5)
            {
                // Traps: a decommissioning (installed figures keep it) and installations after the review.
                await Apply($"hcm-cam-{i}-removed", new DateOnly(2022, 11, 1), new RecordEquipmentDecommissioning(new DateOnly(2022, 11, 1), 20, 2),
                    new RecordEquipmentDecommissioningValidator(_time), (c, s) => RecordEquipmentDecommissioningEndpoint.Post(model, c, s, ifMatch: null, ct: ct));
                await Apply($"hcm-cam-{i}-2024", new DateOnly(2024, 3, 1), new RecordEquipmentInstallation(new DateOnly(2024, 3, 1), 200, 20),
                    new RecordEquipmentInstallationValidator(_time), (c, s) => RecordEquipmentInstallationEndpoint.Post(model, c, s, ifMatch: null, ct: ct));
            }
        }
    }

    private static readonly string[] CatalogueNames =
    [
        "Xe ôm tự quản", "Nhà trọ tự quản", "Camera an ninh", "Tổ tự quản chung cư", "Tổ dân phòng", "Tổ bảo vệ dân phố", "Khu phố không ma túy",
        "Bến xe, bến tàu an toàn về ANTT", "Chợ an toàn về ANTT", "Trường học an toàn về ANTT", "Doanh nghiệp tự quản về ANTT",
        "Khu công nghiệp an toàn về ANTT", "Tổ hòa giải ở cơ sở", "Tổ liên gia tự quản", "Đội thanh niên xung kích", "Câu lạc bộ phòng, chống tội phạm",
        "Giúp người lầm lỗi hòa nhập cộng đồng", "Cơ sở kinh doanh có điều kiện an toàn", "Tuyến đường an ninh", "Hẻm an ninh",
        "Tổ an ninh trật tự cơ sở", "Mô hình 5+1", "Câu lạc bộ gia đình phòng, chống tệ nạn xã hội", "Chi hội phụ nữ không có người thân vi phạm pháp luật",
        "Cựu chiến binh tham gia giữ gìn ANTT", "Nông dân tham gia bảo vệ ANTT", "Công nhân tự quản khu nhà trọ", "Dòng họ tự quản về ANTT",
        "Tôn giáo tham gia bảo vệ ANTT", "Khu dân cư văn minh, an toàn", "Đường dây nóng tố giác tội phạm", "Zalo an ninh khu phố",
        "Thanh niên tình nguyện giữ gìn trật tự đô thị", "Phụ nữ tham gia phòng, chống mua bán người", "Cổng trường an toàn giao thông",
        "Tổ tuần tra nhân dân", "Khu phố an toàn, không tội phạm", "Chốt tự quản liên gia", "Nhóm hỗ trợ người nghiện tại cộng đồng",
        "Câu lạc bộ pháp luật", "Hộ gia đình an toàn về phòng cháy", "Tổ tự quản bến sông", "Tổ tự quản chợ đêm",
    ];

    /// <summary>Ho Chi Minh City's catalogue on 2023-12-25: 41 types; police maintain 19 (8 effective), the Fatherland
    /// Front and member organisations 22 (10 effective).</summary>
    private async Task HcmcCatalogue()
    {
        Organisation[] frontSide = [Organisation.FatherlandFront, Organisation.YouthUnion, Organisation.WomensUnion,
            Organisation.VeteransAssociation, Organisation.FarmersAssociation, Organisation.LabourConfederation];
        for (var i = 0; i < 43; i++)
        {
            var code = $"hcm-{i + 1:00}";
            var maintainer = i < 19 || i >= 41 ? Organisation.Police : frontSide[i % frontSide.Length];
            var added = new DateOnly(2013, 3, 1).AddDays(i * 20);
            await Apply($"catalogue:{code}", added, new AddCatalogueType(code, CatalogueNames[i], maintainer, added),
                new AddCatalogueTypeValidator(_time), (c, s) => AddCatalogueTypeEndpoint.Post("79", c, s, ifMatch: null, ct: ct));
            var effective = i < 8 || (i >= 19 && i < 29);
            if (effective)
            {
                await Apply($"catalogue:{code}:assessed", new DateOnly(2023, 12, 20), new AssessCatalogueType(new DateOnly(2023, 12, 20), AssessmentRating.Effective, "Rà soát cuối năm 2023"),
                    new AssessCatalogueTypeValidator(_time), (c, s) => AssessCatalogueTypeEndpoint.Post("79", code, c, s, ifMatch: null, ct: ct));
            }
            else if (i is >= 8 and < 11)
            {
                // Traps: effective once, no longer.
                await Apply($"catalogue:{code}:was-effective", new DateOnly(2020, 6, 1), new AssessCatalogueType(new DateOnly(2020, 6, 1), AssessmentRating.Effective, null),
                    new AssessCatalogueTypeValidator(_time), (c, s) => AssessCatalogueTypeEndpoint.Post("79", code, c, s, ifMatch: null, ct: ct));
                await Apply($"catalogue:{code}:downgraded", new DateOnly(2022, 6, 1), new AssessCatalogueType(new DateOnly(2022, 6, 1), AssessmentRating.NotEffective, null),
                    new AssessCatalogueTypeValidator(_time), (c, s) => AssessCatalogueTypeEndpoint.Post("79", code, c, s, ifMatch: null, ct: ct));
            }
            if (i >= 41)
            {
                // Traps: two types that left the catalogue in 2021.
                await Apply($"catalogue:{code}:removed", new DateOnly(2021, 1, 1), new RemoveCatalogueType(new DateOnly(2021, 1, 1), "Hợp nhất vào mô hình khác"),
                    new RemoveCatalogueTypeValidator(_time), (c, s) => RemoveCatalogueTypeEndpoint.Post("79", code, c, s, ifMatch: null, ct: ct));
            }
        }
    }

    /// <summary>The commendations of the conference of 2023-05-31: Bằng khen of the city People's Committee and of the
    /// city Fatherland Front Committee, Giấy khen of the city police, presented by the city police director.</summary>
    private async Task Commendations()
    {
        var director = (await Apply("official:director", new DateOnly(2020, 1, 1), new RegisterOfficial("Lê Hồng Nam"),
            new RegisterOfficialValidator(), (c, s) => Task.FromResult(RegisterOfficialEndpoint.Post(c, s))))!.Value;
        // The ranks of the seed facts (Thiếu tướng on 2023-05-31, Trung tướng on 2023-12-25); the dates of promotion are assumed.
        await Apply("official:director:rank-1", new DateOnly(2020, 1, 1), new RecordOfficialRank("Thiếu tướng", new DateOnly(2020, 1, 1)),
            new RecordOfficialRankValidator(_time), (c, s) => RecordOfficialRankEndpoint.Post(director, c, s, ifMatch: null, ct: ct));
        await Apply("official:director:rank-2", new DateOnly(2023, 8, 1), new RecordOfficialRank("Trung tướng", new DateOnly(2023, 8, 1)),
            new RecordOfficialRankValidator(_time), (c, s) => RecordOfficialRankEndpoint.Post(director, c, s, ifMatch: null, ct: ct));
        await Apply("official:director:position", new DateOnly(2020, 1, 1), new RecordOfficialPosition("Giám đốc", "Công an Thành phố Hồ Chí Minh", new DateOnly(2020, 1, 1)),
            new RecordOfficialPositionValidator(_time), (c, s) => RecordOfficialPositionEndpoint.Post(director, c, s, ifMatch: null, ct: ct));

        (CommendationForm Form, IssuingOrganisation Issuer, int Count)[] granted =
        [
            (CommendationForm.CertificateOfMerit, IssuingOrganisation.ProvincialPeoplesCommittee, 3),
            (CommendationForm.CertificateOfMerit, IssuingOrganisation.ProvincialFatherlandFront, 2),
            (CommendationForm.CertificateOfCommendation, IssuingOrganisation.ProvincialPolice, 4),
        ];
        var decided = new DateOnly(2023, 5, 31);
        var n = 0;
        foreach (var (form, issuer, count) in granted)
        {
            for (var i = 0; i < count; i++, n++)
            {
                var individual = n % 3 == 2;
                var recipient = new Recipient(individual ? RecipientKind.Individual : RecipientKind.Collective,
                    individual ? $"Tổ trưởng tổ tự quản số {n + 1}" : $"Tổ tự quản chung cư {District4Wards[n]}", District4Wards[n], null);
                var presenter = issuer == IssuingOrganisation.ProvincialPolice ? new Presenter("Lê Hồng Nam", null, director) : null;
                await Apply($"commendation-2023-05-31-{n}", decided,
                    new GrantCommendation(form, issuer, "79", presenter, recipient,
                        "Đã có thành tích xuất sắc trong phong trào Toàn dân bảo vệ an ninh Tổ quốc", $"{1200 + n}/QĐ-{(issuer == IssuingOrganisation.ProvincialPolice ? "CAHCM" : "UBND")}", decided, "hcmc-478-2013"),
                    new GrantCommendationValidator(_time), (c, s) => GrantCommendationEndpoint.Post(c, s, ct));
            }
        }
    }

    /// <summary>Emulation cluster No. 1 of the Ministry of Public Security: the police of the five cities.</summary>
    private async Task Cluster()
    {
        await Apply("cluster:bca-cum-1", ProgramStart, FormEmulationCluster.Example, new FormEmulationClusterValidator(_time),
            (c, s) => FormEmulationClusterEndpoint.Post(c, s, ct));
        (string Province, string Name)[] members =
        [
            ("01", "Công an thành phố Hà Nội"), ("79", "Công an Thành phố Hồ Chí Minh"), ("48", "Công an thành phố Đà Nẵng"),
            ("92", "Công an thành phố Cần Thơ"), ("31", "Công an thành phố Hải Phòng"),
        ];
        foreach (var (province, name) in members)
        {
            await Apply($"cluster:bca-cum-1:{province}", ProgramStart, new AddClusterMember(province, name, ProgramStart), new AddClusterMemberValidator(_time),
                (c, s) => AddClusterMemberEndpoint.Post("bca-cum-1", c, s, ifMatch: null, ct: ct));
        }
    }

    /// <summary>The two review conferences with their figures as reported (keys are the seed-facts ids).</summary>
    private async Task Reviews()
    {
        const string SelfManagement = "security-order-self-management";
        await Apply("review:hanoi", HanoiReview, new RecordReviewConference(HanoiReviewTitle, ReviewKind.Final, HanoiReview, "national-09-2013",
        [
            new("F093", "1.616 mô hình, cách làm hay", Measure.ModelsLaunched, 1616, Qualifier.Exact, "01", ProgramStart, null, null, null),
            new("F094", "có 495 mô hình hiện nay đang thực hiện có hiệu quả", Measure.ModelsEffective, 495, Qualifier.Exact, "01", ProgramStart, null, null, null),
            new("F095", "mô hình “Tự quản về an ninh, trật tự” được triển khai tại 181 địa bàn cấp xã", Measure.Coverage, 181, Qualifier.Exact, "01", null, null, SelfManagement, null),
            new("F096", "mô hình “Camera an ninh” được triển khai tại 109 địa bàn cấp xã", Measure.Coverage, 109, Qualifier.Exact, "01", null, null, "security-cameras", null),
        ]), new RecordReviewConferenceValidator(_time), (c, s) => RecordReviewConferenceEndpoint.Post(c, s, ct));

        var halfYear = new DateOnly(2023, 6, 30);
        await Apply("review:cluster-1-2023-h1", halfYear, new RecordReviewConference(
            "Hội nghị sơ kết 6 tháng đầu năm 2023 Cụm thi đua số 1, Bộ Công an", ReviewKind.HalfYear, halfYear, null,
            [new("F139", "Trong 6 tháng đầu năm, Công an 5 thành phố thuộc cụm", Measure.ClusterMembers, 5, Qualifier.Exact, "bca-cum-1", null, null, null, null)]),
            new RecordReviewConferenceValidator(_time), (c, s) => RecordReviewConferenceEndpoint.Post(c, s, ct));

        const string Teams = "apartment-self-management-team";
        var april = new DateOnly(2023, 4, 1);
        await Apply("review:hcmc", HcmcReview, new RecordReviewConference(HcmcReviewTitle, ReviewKind.Final, HcmcReview, "hcmc-478-2013",
        [
            new("F108", "tổng số 41 loại mô hình", Measure.CatalogueTypes, 41, Qualifier.Exact, "79", null, null, null, null),
            new("F109", "Công an TP đang trực tiếp duy trì 19 mô hình", Measure.CatalogueTypes, 19, Qualifier.Exact, "79", null, null, null, ProgramParty.Police),
            new("F110", "trong đó có 8 mô hình đang hoạt động hiệu quả", Measure.CatalogueEffective, 8, Qualifier.Exact, "79", null, null, null, ProgramParty.Police),
            new("F124", "Ủy ban MTTQ và các tổ chức thành viên duy trì 22 mô hình", Measure.CatalogueTypes, 22, Qualifier.Exact, "79", null, null, null, ProgramParty.FatherlandFrontAndMembers),
            new("F125", "trong đó có 10 mô hình đang hoạt động hiệu quả", Measure.CatalogueEffective, 10, Qualifier.Exact, "79", null, null, null, ProgramParty.FatherlandFrontAndMembers),
            new("F112", "đến nay đã lắp đặt hơn 30.000 camera", Measure.CamerasInstalled, 30000, Qualifier.MoreThan, "79", ProgramStart, null, null, null),
            new("F113", "hơn 4.200 đầu thu", Measure.RecordersInstalled, 4200, Qualifier.MoreThan, "79", ProgramStart, null, null, null),
            new("F119", "đã tổ chức được 236 ca tuần tra", Measure.Shifts, 236, Qualifier.Exact, "773", april, HcmcReview, Teams, null),
            new("F120", "với hơn 1.600 người tham gia", Measure.Participations, 1600, Qualifier.MoreThan, "773", april, HcmcReview, Teams, null),
            new("F121", "kiểm tra hành chính 213 lượt", Measure.Inspections, 213, Qualifier.Exact, "773", april, HcmcReview, Teams, null),
            new("F122", "phát hiện và khởi tố 7 vụ", Measure.CasesProsecuted, 7, Qualifier.Exact, "773", april, HcmcReview, Teams, null),
            new("F123", "xử phạt hành chính 65 trường hợp", Measure.Sanctions, 65, Qualifier.Exact, "773", april, HcmcReview, Teams, null),
        ]), new RecordReviewConferenceValidator(_time), (c, s) => RecordReviewConferenceEndpoint.Post(c, s, ct));
    }
}
