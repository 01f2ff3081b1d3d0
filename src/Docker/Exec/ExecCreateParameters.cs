namespace Vibe.Docker.Exec;

/// <summary>The body of <c>POST /containers/{id}/exec</c>.</summary>
public sealed class ExecCreateParameters
{
    public bool AttachStdin { get; set; }

    public bool AttachStdout { get; set; } = true;

    public bool AttachStderr { get; set; } = true;

    /// <summary>Allocate a pseudo-TTY: output is raw (stderr merged into it), not multiplexed.</summary>
    public bool Tty { get; set; }

    /// <summary><c>NAME=value</c> entries. Values may be secrets: never log them.</summary>
    public IList<string>? Env { get; set; }

    public IList<string> Cmd { get; set; } = [];

    /// <summary>User (name or uid[:gid]); the container's user when unset.</summary>
    public string? User { get; set; }

    public string? WorkingDir { get; set; }
}
