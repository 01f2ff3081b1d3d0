using Vibe.Docker.Logs;

namespace Vibe.Docker.Exec;

/// <summary>What one read of an exec's output produced: <see cref="Count"/> bytes of <see cref="Stream"/>; 0 means the output has ended.</summary>
public readonly record struct ExecReadResult(StdStream Stream, int Count)
{
    public bool IsCompleted => Count == 0;
}
