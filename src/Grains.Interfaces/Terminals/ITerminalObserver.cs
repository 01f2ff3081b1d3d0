namespace Vibe.Grains.Interfaces.Terminals;

/// <summary>
/// Receives a terminal session's output and its end, pushed by the session grain (see <see cref="IContainerSessionGrain.Watch"/>):
/// keystroke echo has a latency budget that polled streams miss. Events arrive in order, and <see cref="OnExited"/> comes after
/// the session's last output.
/// </summary>
[Alias("Vibe.ITerminalObserver")]
public interface ITerminalObserver : IGrainObserver
{
    /// <summary>Output, in order and without gaps (see <see cref="TerminalOutput.Offset"/>). A watcher that takes longer than 5 s is dropped.</summary>
    [ResponseTimeout("00:00:05")]
    Task OnOutput(TerminalOutput output);

    /// <summary>The shell has ended; sent once, after the last output.</summary>
    [ResponseTimeout("00:00:05")]
    Task OnExited(TerminalExited exited);
}
