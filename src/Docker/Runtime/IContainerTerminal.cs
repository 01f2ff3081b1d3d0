namespace Vibe.Docker.Runtime;

/// <summary>
/// An interactive process on a pseudo-terminal in a running container, opened with <see cref="IContainerRuntime.OpenTerminalAsync"/>.
/// One reader and one writer may work at once. Disposing closes the connection, hanging the terminal up first unless its output
/// has ended, so a forgotten shell does not linger in the container.
/// </summary>
public interface IContainerTerminal : IAsyncDisposable
{
    /// <summary>Reads the terminal's output (stdout and stderr as one, as a terminal shows them); 0 once the process has ended and its output is drained.</summary>
    ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default);

    /// <summary>Writes to the terminal, as keystrokes.</summary>
    ValueTask WriteAsync(ReadOnlyMemory<byte> input, CancellationToken cancellationToken = default);

    /// <summary>Changes the terminal's size; the process gets SIGWINCH.</summary>
    Task ResizeAsync(int columns, int rows, CancellationToken cancellationToken = default);

    /// <summary>
    /// Sends SIGHUP, as closing a terminal window does, to every process started from this terminal that is still running; the
    /// output then ends. A container that is not running (or is gone) has nothing to hang up.
    /// </summary>
    Task HangUpAsync(CancellationToken cancellationToken = default);

    /// <summary>Once the output has ended: the process's exit code; null when the engine cannot tell (the container stopped and took the process along).</summary>
    Task<int?> GetExitCodeAsync(CancellationToken cancellationToken = default);
}
