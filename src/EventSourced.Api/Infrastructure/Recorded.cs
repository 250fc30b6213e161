namespace EventSourced.Api.Infrastructure;

/// <summary>What a successful write answers: the stream id and its version after the write.</summary>
/// <param name="Id">Id of the created or changed record.</param>
/// <param name="Version">Stream version after the write.</param>
public sealed record Recorded(Guid Id, long Version);
