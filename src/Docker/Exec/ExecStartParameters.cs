namespace Vibe.Docker.Exec;

/// <summary>The body of <c>POST /exec/{id}/start</c>; Tty must match the exec's creation.</summary>
internal sealed class ExecStartParameters
{
    public bool Detach { get; init; }

    public bool Tty { get; init; }
}
