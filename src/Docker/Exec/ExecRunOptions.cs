namespace Vibe.Docker.Exec;

/// <summary>Options of <see cref="ExecOperations.RunAsync"/>.</summary>
public sealed class ExecRunOptions
{
    /// <summary><c>NAME=value</c> entries. Values may be secrets: never log them.</summary>
    public IList<string>? Env { get; set; }

    public string? User { get; set; }

    public string? WorkingDir { get; set; }

    /// <summary>Bytes written to the command's stdin, which is then closed. Null: no stdin.</summary>
    public ReadOnlyMemory<byte>? StandardInput { get; set; }

    /// <summary>Each of stdout and stderr keeps at most this many bytes; the rest is read and dropped.</summary>
    public int MaxOutputBytes { get; set; } = 16 * 1024 * 1024;
}
