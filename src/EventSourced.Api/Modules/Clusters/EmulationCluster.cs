namespace EventSourced.Api.Modules.Clusters;

/// <summary>A membership of a cluster, dated.</summary>
/// <param name="ProvinceCode">The member's province.</param>
/// <param name="MemberName">The member, e.g. Công an thành phố Hà Nội.</param>
/// <param name="JoinedOn">First day of membership.</param>
/// <param name="LeftOn">First day no longer a member, if it left.</param>
public sealed record ClusterMembership(string ProvinceCode, string MemberName, DateOnly JoinedOn, DateOnly? LeftOn)
{
    public bool MemberOn(DateOnly date) => date >= JoinedOn && (LeftOn is not { } end || date < end);
}

/// <summary>An emulation cluster with its members over time.</summary>
public sealed record EmulationCluster
{
    /// <summary>Cluster id (the stream id).</summary>
    public Guid Id { get; init; }
    /// <summary>Stable code, e.g. bca-cum-1.</summary>
    public required string Code { get; init; }
    /// <summary>Name, e.g. Cụm thi đua số 1, Bộ Công an.</summary>
    public required string Name { get; init; }
    /// <summary>The emulation movement, e.g. Vì an ninh Tổ quốc.</summary>
    public required string Movement { get; init; }
    /// <summary>Date formed.</summary>
    public DateOnly FormedOn { get; init; }
    /// <summary>Every membership, past and present.</summary>
    public IReadOnlyList<ClusterMembership> Memberships { get; init; } = [];
    /// <summary>Stream version.</summary>
    public int Version { get; set; }

    public IReadOnlyList<ClusterMembership> MembersOn(DateOnly date) => [.. Memberships.Where(m => m.MemberOn(date))];

    public static EmulationCluster Create(EmulationClusterFormed e) =>
        new() { Id = e.ClusterId, Code = e.Code, Name = e.Name, Movement = e.Movement, FormedOn = e.FormedOn };

    public EmulationCluster Apply(ClusterMemberJoined e) =>
        this with { Memberships = [.. Memberships, new ClusterMembership(e.ProvinceCode, e.MemberName, e.JoinedOn, null)] };

    public EmulationCluster Apply(ClusterMemberLeft e) => this with
    {
        Memberships = [.. Memberships.Select(m => m.ProvinceCode == e.ProvinceCode && m.LeftOn is null ? m with { LeftOn = e.LeftOn } : m)],
    };
}
