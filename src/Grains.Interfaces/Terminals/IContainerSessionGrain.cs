using Orleans.Concurrency;
using Vibe.Grains.Interfaces.Workspaces;

namespace Vibe.Grains.Interfaces.Terminals;

/// <summary>
/// One interactive shell on a pseudo-terminal in a running workspace, keyed <c>"{workspaceId}/{sessionId}"</c> (the session id is
/// 1 to 32 ASCII letters and digits). Sessions are normally opened with <see cref="IWorkspaceGrain.OpenTerminal"/>, which picks
/// the id, enforces the per-workspace cap and lists them. Output and the end are pushed to the session's watchers
/// (<see cref="Watch"/>); the last output is kept as scrollback for clients that attach later.
/// A session lives in its activation only: it is not persisted, so a silo crash ends it (the shell itself runs on until the
/// workspace stops), and a later activation reports <see cref="TerminalSessionStatus.NotStarted"/> with no scrollback. The
/// session ends when its shell exits, on <see cref="Close"/>, when its workspace stops, restarts or is deleted, and when its
/// activation is deactivated.
/// </summary>
[Alias("Vibe.IContainerSessionGrain")]
public interface IContainerSessionGrain : IGrainWithStringKey
{
    /// <summary>
    /// Starts a login shell (bash where the image has it, else sh) as the workspace user in /workspace, on a terminal of
    /// <paramref name="columns"/> × <paramref name="rows"/> (1 to 1000 each). While the session runs it returns its info
    /// unchanged; after the shell has exited it throws <see cref="InvalidOperationException"/> (open a new session). Throws
    /// <see cref="InvalidOperationException"/> when the workspace is not running and <see cref="WorkspaceNotFoundException"/>
    /// when it does not exist.
    /// </summary>
    /// <param name="opener">Who opens it (shown with the session; a private session is theirs alone to attach to).</param>
    Task<TerminalSessionInfo> Open(int columns, int rows, TerminalOpener? opener = null);

    /// <summary>
    /// Sends keystrokes or pasted text (UTF-8 text as xterm.js produces it, at most 64 Ki characters per call) to the shell.
    /// Counts as activity of the workspace, which hears of it at most once per 30 s (or per idle check period, when shorter).
    /// Throws <see cref="InvalidOperationException"/> unless the session runs.
    /// </summary>
    Task Input(string data);

    /// <summary>Resizes the terminal (1 to 1000 columns and rows); the shell's programs see SIGWINCH. Throws <see cref="InvalidOperationException"/> unless the session runs.</summary>
    Task Resize(int columns, int rows);

    /// <summary>Hangs up the shell and what it started (SIGHUP) and returns once the session has ended Exited and its <see cref="TerminalExited"/> is out. A no-op unless the session runs.</summary>
    Task Close();

    /// <summary>The session's status, size and exit code.</summary>
    [AlwaysInterleave]
    Task<TerminalSessionInfo> GetInfo();

    /// <summary>
    /// The scrollback (the session's last output, up to WorkspaceOptions.TerminalScrollbackChars characters) and the offset its
    /// end has in the whole output. Watch first, then attach: write the
    /// scrollback, drop events that end at or before <see cref="TerminalAttachment.EndOffset"/> and trim the start of one that
    /// straddles it.
    /// </summary>
    [AlwaysInterleave]
    Task<TerminalAttachment> Attach();

    /// <summary>
    /// Pushes the session's output and its end to <paramref name="observer"/>. The watch lapses unless renewed (called again)
    /// within a minute, and ends with the activation, as the session does.
    /// </summary>
    [AlwaysInterleave]
    Task Watch(ITerminalObserver observer);

    /// <summary>Stops pushing events to <paramref name="observer"/>.</summary>
    [AlwaysInterleave]
    Task Unwatch(ITerminalObserver observer);
}
