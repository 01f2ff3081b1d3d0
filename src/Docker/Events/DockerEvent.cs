using System.Globalization;
using System.Text.Json.Serialization;

namespace Vibe.Docker.Events;

/// <summary>One object of <c>GET /events</c>: something happened to a container, image, network...</summary>
public sealed class DockerEvent
{
    /// <summary><c>container</c>, <c>image</c>, <c>network</c>, <c>volume</c>, <c>daemon</c>...</summary>
    public string Type { get; init; } = "";

    /// <summary><c>create</c>, <c>start</c>, <c>die</c>, <c>oom</c>, <c>stop</c>, <c>kill</c>, <c>destroy</c>, <c>exec_die</c>...</summary>
    public string Action { get; init; } = "";

    public EventActor Actor { get; init; } = new();

    [JsonPropertyName("scope")]
    public string? Scope { get; init; }

    /// <summary>Unix seconds.</summary>
    [JsonPropertyName("time")]
    public long Time { get; init; }

    /// <summary>Unix nanoseconds.</summary>
    [JsonPropertyName("timeNano")]
    public long TimeNano { get; init; }

    /// <summary>The exit code of a <c>die</c> or <c>exec_die</c> event.</summary>
    [JsonIgnore]
    public int? ExitCode =>
        Actor.Attributes is { } attributes && attributes.TryGetValue("exitCode", out var value)
        && int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var code)
            ? code
            : null;

    [JsonIgnore]
    public DateTimeOffset Timestamp => DateTimeOffset.UnixEpoch.AddTicks(TimeNano / 100);
}
