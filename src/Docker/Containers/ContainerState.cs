using System.Text.Json.Serialization;

namespace Vibe.Docker.Containers;

/// <summary>The <c>State</c> of an inspected container.</summary>
public sealed class ContainerState
{
    /// <summary><c>created</c>, <c>running</c>, <c>paused</c>, <c>restarting</c>, <c>removing</c>, <c>exited</c> or <c>dead</c>.</summary>
    public string Status { get; init; } = "";

    public bool Running { get; init; }

    public bool Paused { get; init; }

    public bool Restarting { get; init; }

    [JsonPropertyName("OOMKilled")]
    public bool OomKilled { get; init; }

    public bool Dead { get; init; }

    /// <summary>The host PID of the container's init process, 0 when not running.</summary>
    public int Pid { get; init; }

    public int ExitCode { get; init; }

    public string? Error { get; init; }

    /// <summary>When it last started (<see cref="DateTimeOffset.MinValue"/>-like 0001-01-01 if never).</summary>
    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset FinishedAt { get; init; }
}
