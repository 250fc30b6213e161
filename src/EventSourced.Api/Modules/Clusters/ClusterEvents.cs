using EventSourced.Api.Infrastructure;

namespace EventSourced.Api.Modules.Clusters;

// An emulation cluster (cụm thi đua) of the "Vì an ninh Tổ quốc" movement: one stream per cluster; members change over time.

/// <summary>An emulation cluster was formed.</summary>
public sealed record EmulationClusterFormed(Guid ClusterId, string Code, string Name, string Movement, DateOnly FormedOn);

/// <summary>A province's police joined the cluster.</summary>
public sealed record ClusterMemberJoined(Guid ClusterId, string ProvinceCode, string MemberName, DateOnly JoinedOn);

/// <summary>A member left the cluster.</summary>
public sealed record ClusterMemberLeft(Guid ClusterId, string ProvinceCode, DateOnly LeftOn);

public static class ClusterIds
{
    private static readonly Guid Namespace = Guid.Parse("3c4d5e6f-7a8b-5c9d-8e0f-1a2b3c4d5e6f");

    public static Guid For(string code) => NameBased.Create(Namespace, code);
}
