namespace Vibe.Docker.Exec;

/// <summary>The answer of <c>GET /exec/{id}/json</c>.</summary>
public sealed class ExecInspectResponse
{
    public string ID { get; init; } = "";

    public string? ContainerID { get; init; }

    public bool Running { get; init; }

    /// <summary>Null until the process has exited.</summary>
    public int? ExitCode { get; init; }

    public int Pid { get; init; }

    public bool OpenStdin { get; init; }

    public bool OpenStdout { get; init; }

    public bool OpenStderr { get; init; }

    public ExecProcessConfig? ProcessConfig { get; init; }
}
