namespace Vibe.Docker.Containers;

/// <summary>A container's configuration as the API names it: the body of <c>POST /containers/create</c> and the <c>Config</c> of inspect results.</summary>
public class ContainerConfig
{
    public string? Hostname { get; set; }

    /// <summary>User (name or uid[:gid]) the command runs as; the image's USER when unset.</summary>
    public string? User { get; set; }

    public bool AttachStdin { get; set; }

    public bool AttachStdout { get; set; }

    public bool AttachStderr { get; set; }

    /// <summary>Ports the container listens on, keyed <c>"8080/tcp"</c>.</summary>
    public IDictionary<string, EmptyObject>? ExposedPorts { get; set; }

    /// <summary>Allocate a pseudo-TTY: output is then raw, not multiplexed.</summary>
    public bool Tty { get; set; }

    public bool OpenStdin { get; set; }

    public bool StdinOnce { get; set; }

    /// <summary><c>NAME=value</c> entries. Values may be secrets: never log them.</summary>
    public IList<string>? Env { get; set; }

    public IList<string>? Cmd { get; set; }

    public IList<string>? Entrypoint { get; set; }

    public string? Image { get; set; }

    public IDictionary<string, string>? Labels { get; set; }

    public string? WorkingDir { get; set; }

    public string? StopSignal { get; set; }

    /// <summary>Seconds to wait after StopSignal before SIGKILL.</summary>
    public int? StopTimeout { get; set; }
}
