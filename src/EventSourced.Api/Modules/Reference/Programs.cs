namespace EventSourced.Api.Modules.Reference;

/// <summary>A coordination program (chương trình phối hợp) between the police and the Fatherland Front.</summary>
/// <param name="Id">Stable id; never the program number alone ("09" names two different documents).</param>
/// <param name="Name">Vietnamese name.</param>
/// <param name="From">First day of the program period.</param>
/// <param name="To">Last day of the program period.</param>
public sealed record CoordinationProgram(string Id, string Name, DateOnly From, DateOnly To);

/// <summary>The programs the dataset refers to. They become streams of their own when programs are recorded as events.</summary>
public static class Programs
{
    public static readonly IReadOnlyList<CoordinationProgram> All =
    [
        new("national-09-2013", "Chương trình phối hợp số 09 (2013–2023) giữa Bộ Công an và Ban Thường trực UBTW MTTQ Việt Nam",
            new DateOnly(2013, 1, 1), new DateOnly(2023, 12, 31)),
        new("hcmc-478-2013", "Chương trình phối hợp số 478 (2013–2023) của Công an và Ủy ban MTTQ Việt Nam Thành phố Hồ Chí Minh",
            new DateOnly(2013, 1, 1), new DateOnly(2023, 12, 31)),
        new("national-2023-2033", "Chương trình phối hợp giai đoạn 2023–2033 giữa Bộ Công an và Ban Thường trực UBTW MTTQ Việt Nam",
            new DateOnly(2023, 1, 1), new DateOnly(2033, 12, 31)),
    ];

    public static bool Exists(string? id) => id is not null && All.Any(p => p.Id == id);
}
