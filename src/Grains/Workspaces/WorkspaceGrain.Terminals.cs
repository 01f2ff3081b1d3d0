using Vibe.Grains.Interfaces.Errors;
using Vibe.Grains.Interfaces.Terminals;
using Vibe.Grains.Terminals;

namespace Vibe.Grains.Workspaces;

/// <summary>The workspace's terminal sessions: opened and listed here, ended when the workspace stops running.</summary>
internal sealed partial class WorkspaceGrain
{
    // The sessions opened by this activation, in opening order. Like the sessions, the list lives in memory only; a running
    // workspace keeps its activation, so it lasts as long as they can.
    private readonly List<string> _terminals = [];

    public async Task<TerminalSessionInfo> OpenTerminal(int columns, int rows, TerminalOpener? opener = null)
    {
        RunningContainer("open a terminal in");
        await ForgetEndedTerminalsAsync();
        if (_terminals.Count >= _options.MaxTerminalsPerWorkspace)
        {
            throw new ConflictException(
                $"Workspace '{Id}' already has {_terminals.Count} open terminals, the most it may have ({nameof(WorkspaceOptions.MaxTerminalsPerWorkspace)}); close one first.");
        }

        var sessionId = TerminalSessionKey.NewSessionId();
        _terminals.Add(sessionId);
        TerminalSessionInfo info;
        try
        {
            info = await Terminal(sessionId).Open(columns, rows, opener);
        }
        catch
        {
            _terminals.Remove(sessionId);
            throw;
        }

        RecordActivity();
        await SaveActivityIfStaleAsync();
        return info;
    }

    public async Task<IReadOnlyList<TerminalSessionInfo>> ListTerminals()
    {
        EnsureCreated();
        var infos = await TerminalInfosAsync([.. _terminals]);
        var running = new List<TerminalSessionInfo>(infos.Length);
        foreach (var info in infos)
        {
            if (info?.Status == TerminalSessionStatus.Running)
            {
                running.Add(info);
            }
        }

        return running;
    }

    /// <summary>Drops ended sessions from the list, so they no longer count against the cap.</summary>
    private async Task ForgetEndedTerminalsAsync()
    {
        string[] sessionIds = [.. _terminals];
        var infos = await TerminalInfosAsync(sessionIds);
        for (var i = 0; i < sessionIds.Length; i++)
        {
            if (infos[i]?.Status != TerminalSessionStatus.Running)
            {
                _terminals.Remove(sessionIds[i]);
            }
        }
    }

    /// <summary>Ends every session (their shells died with the container already; this settles their state and events).</summary>
    private async Task EndTerminalsAsync()
    {
        if (_terminals.Count == 0)
        {
            return;
        }

        string[] sessionIds = [.. _terminals];
        _terminals.Clear();
        await Task.WhenAll(sessionIds.Select(CloseTerminalAsync));
    }

    private async Task CloseTerminalAsync(string sessionId)
    {
        try
        {
            await Terminal(sessionId).Close();
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            // The session's silo is gone or slow: its shell ended with the container, and the session with its activation.
        }
    }

    private async Task<TerminalSessionInfo?[]> TerminalInfosAsync(string[] sessionIds)
    {
        return await Task.WhenAll(sessionIds.Select(async sessionId =>
        {
            try
            {
                return await Terminal(sessionId).GetInfo();
            }
            catch (Exception ex) when (ex is OrleansException or TimeoutException)
            {
                // Unreachable (its silo is gone): the session went with it.
                return (TerminalSessionInfo?)null;
            }
        }));
    }

    private IContainerSessionGrain Terminal(string sessionId) => GrainFactory.GetGrain<IContainerSessionGrain>(TerminalSessionKey.Format(Id, sessionId));
}
