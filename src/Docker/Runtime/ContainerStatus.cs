namespace Vibe.Docker.Runtime;

/// <summary>What the engine says about one container.</summary>
/// <param name="Status"><c>created</c>, <c>running</c>, <c>paused</c>, <c>restarting</c>, <c>removing</c>, <c>exited</c> or <c>dead</c>.</param>
/// <param name="OomKilled">The kernel killed the container's main process for exceeding its memory limit.</param>
public sealed record ContainerStatus(
    string Id,
    string Name,
    bool Running,
    string Status,
    int ExitCode,
    bool OomKilled,
    string? Error,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    IReadOnlyDictionary<string, string> Labels)
{
    /// <summary>The container's IPv4 address on its network (the first one that has an address), null without one (network mode none).</summary>
    public string? IPAddress { get; init; }
}
