using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using Vibe.Grains.Interfaces.Terminals;
using Vibe.Grains.Interfaces.Workspaces;
using Vibe.Grains.Workspaces;
using Vibe.Streams.Kafka;
using Vibe.WebFront.Accounts;
using Vibe.WebFront.Workspaces;

namespace Vibe.WebFront.Hubs;

/// <summary>
/// The browser's live channel to its workspaces (<c>/hubs/workspace</c>, one connection per tab): join a workspace to get
/// its status changes and log lines, open and attach terminal sessions, type into them. Every call on a workspace checks
/// the caller's permission through <see cref="IWorkspaceAccess"/>, the access service REST uses too: the methods marked
/// <see cref="RequiresWorkspaceAttribute"/> in one place, <see cref="WorkspaceHubAccessFilter"/>, and JoinWorkspace, which
/// needs the caller's view of the workspace, itself. Watching needs Read; typing, resizing, opening and closing terminals
/// need Write; a workspace the caller cannot see is "workspace not found". Events reach a connection through its groups,
/// which <see cref="StreamFanOut"/> feeds from one grain stream subscription each, calling the typed client
/// (<see cref="IWorkspaceClient"/>). What the grains throw becomes a hub error in one place,
/// <see cref="WorkspaceHubErrorFilter"/>, which also retries the <see cref="IdempotentHubMethodAttribute"/> methods on a
/// transient cluster failure.
/// </summary>
[Authorize]
internal sealed partial class WorkspaceHub(IWorkspaceAccess access, IGrainFactory grains, StreamFanOut fanOut, OpenDocuments openDocuments) : Hub<IWorkspaceClient>
{
    public const string Path = "/hubs/workspace";

    /// <summary>The largest terminal, in columns and in rows.</summary>
    public const int MaxTerminalSize = 1000;

    /// <summary>The most characters one SendInput may carry (a paste); larger pastes are sent in parts.</summary>
    public const int MaxInputLength = 64 * 1024;

    /// <summary>Session ids are what <see cref="IWorkspaceGrain.OpenTerminal"/> hands out: 1 to 32 ASCII letters and digits.</summary>
    private const int MaxSessionIdLength = 32;

    public override async Task OnConnectedAsync()
    {
        fanOut.Connected(Context.ConnectionId);
        await base.OnConnectedAsync();
    }

    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        await openDocuments.LeaveAllAsync(Context.ConnectionId);
        await fanOut.LeaveAllAsync(Context.ConnectionId);
        await base.OnDisconnectedAsync(exception);
    }

    /// <summary>Starts the caller's status and log events for the workspace and returns its current state (as GET /api/v1/workspaces/{id}).</summary>
    [IdempotentHubMethod]
    [Subscribes]
    public Task<WorkspaceDetails> JoinWorkspace(string workspaceId) => JoinWorkspaceFrom(workspaceId, null);

    /// <summary>
    /// As <see cref="JoinWorkspace"/> for a client that reconnects: its status events start after <paramref name="since"/>
    /// and its log lines after <paramref name="logsSince"/>, the tokens of the last ones it received (null: that flow from
    /// now on), so it gets those it missed first; a "streamReset" event (naming the stream) says they are lost.
    /// </summary>
    [IdempotentHubMethod]
    [Subscribes]
    public Task<WorkspaceDetails> ResumeWorkspace(string workspaceId, string? since, string? logsSince) =>
        JoinWorkspaceFrom(workspaceId, since is null ? null : ParseSince(since), logsSince is null ? null : ParseSince(logsSince));

    private async Task<WorkspaceDetails> JoinWorkspaceFrom(string workspaceId, KafkaSequenceToken? since, KafkaSequenceToken? logsSince = null)
    {
        ValidateWorkspaceId(workspaceId);
        var entry = await access.FindAsync(Context.User!.GetUserId(), workspaceId, Context.ConnectionAborted)
            ?? throw new HubException("workspace not found");

        // Subscribe first, then read: a change made in between arrives as an event rather than being missed.
        await fanOut.JoinWorkspaceAsync(Context.ConnectionId, workspaceId, since, logsSince);
        try
        {
            return entry.ToDetails(await Workspace(workspaceId).GetInfo());
        }
        catch
        {
            await fanOut.LeaveWorkspaceAsync(Context.ConnectionId, workspaceId);
            throw;
        }
    }

    /// <summary>
    /// Where the workspace's log stream stands now, as a "since" token for <see cref="ResumeWorkspace"/> (null when the
    /// streams are in memory): the hand-over from the tail to live lines. Lines stored before this call are in
    /// GET /api/v1/workspaces/{id}/logs read after it; ResumeWorkspace(id, null, token) sends every line stored after it. A
    /// line in both comes twice (same text and timestamp): drop it.
    /// </summary>
    [IdempotentHubMethod]
    [RequiresWorkspace(WorkspacePermission.Read, "read its logs")]
    [Subscribes]
    public Task<string?> MarkLogs(string workspaceId) => fanOut.MarkLogsAsync(workspaceId);

    /// <summary>Stops the caller's status and log events for the workspace (needs no permission: anyone may stop watching).</summary>
    [IdempotentHubMethod]
    public Task LeaveWorkspace(string workspaceId)
    {
        ValidateWorkspaceId(workspaceId);
        return fanOut.LeaveWorkspaceAsync(Context.ConnectionId, workspaceId);
    }

    /// <summary>The workspace's running terminal sessions.</summary>
    [IdempotentHubMethod]
    [RequiresWorkspace(WorkspacePermission.Read, "see its terminals")]
    public async Task<IReadOnlyList<TerminalSessionInfo>> ListTerminals(string workspaceId)
    {
        var callerId = CallerId;
        var terminals = await Workspace(workspaceId).ListTerminals();
        return [.. terminals.Where(t => IsAllowed(t, callerId))];
    }

    /// <summary>Opens a new terminal session (a login shell) in the running workspace, shared with its members; attach to it to see its output.</summary>
    [RequiresWorkspace(WorkspacePermission.Write, "open a terminal")]
    [Subscribes]
    public Task<TerminalSessionInfo> OpenTerminal(string workspaceId, int columns, int rows) => OpenTerminalAsync(workspaceId, columns, rows, isPrivate: false);

    /// <summary>Opens a terminal session only the caller may attach to, type into, resize or close; others do not see it listed.</summary>
    [RequiresWorkspace(WorkspacePermission.Write, "open a private terminal")]
    [Subscribes]
    public Task<TerminalSessionInfo> OpenPrivateTerminal(string workspaceId, int columns, int rows) => OpenTerminalAsync(workspaceId, columns, rows, isPrivate: true);

    /// <summary>Starts the caller's output events for the session and returns its scrollback; watching needs Read only.</summary>
    [IdempotentHubMethod]
    [RequiresWorkspace(WorkspacePermission.Read, "watch this terminal")]
    [Subscribes]
    public async Task<TerminalAttachResult> AttachTerminal(string workspaceId, string sessionId)
    {
        ValidateSessionId(sessionId);
        await RequireTerminalAccessAsync(workspaceId, sessionId);

        // Subscribe first, then take the scrollback: output produced in between arrives as events past its end offset.
        await fanOut.JoinTerminalAsync(Context.ConnectionId, workspaceId, sessionId);
        try
        {
            var attachment = await Session(workspaceId, sessionId).Attach();
            if (attachment.Info.Status == TerminalSessionStatus.NotStarted)
            {
                throw new HubException("terminal session not found");
            }

            return new TerminalAttachResult(attachment.Info, attachment.Scrollback, attachment.EndOffset);
        }
        catch
        {
            await fanOut.LeaveTerminalAsync(Context.ConnectionId, workspaceId, sessionId);
            throw;
        }
    }

    /// <summary>Stops the caller's output events for the session (needs no permission).</summary>
    [IdempotentHubMethod]
    public Task DetachTerminal(string workspaceId, string sessionId)
    {
        ValidateWorkspaceId(workspaceId);
        ValidateSessionId(sessionId);
        return fanOut.LeaveTerminalAsync(Context.ConnectionId, workspaceId, sessionId);
    }

    /// <summary>Types <paramref name="data"/> (keystrokes or a paste of at most <see cref="MaxInputLength"/> characters) into the session.</summary>
    [RequiresWorkspace(WorkspacePermission.Write, "type in this terminal")]
    public async Task SendInput(string workspaceId, string sessionId, string data)
    {
        ValidateSessionId(sessionId);
        if (data is null)
        {
            throw new HubException("data is required");
        }

        if (data.Length > MaxInputLength)
        {
            throw new HubException(string.Create(CultureInfo.InvariantCulture, $"the input is {data.Length} characters long; send at most {MaxInputLength} per call"));
        }

        await RequireTerminalAccessAsync(workspaceId, sessionId);
        if (data.Length > 0)
        {
            await Session(workspaceId, sessionId).Input(data);
        }
    }

    /// <summary>Resizes the session's terminal (1 to <see cref="MaxTerminalSize"/> columns and rows), as when the browser window changes.</summary>
    [IdempotentHubMethod]
    [RequiresWorkspace(WorkspacePermission.Write, "resize this terminal")]
    public async Task ResizeTerminal(string workspaceId, string sessionId, int columns, int rows)
    {
        ValidateSessionId(sessionId);
        ValidateSize(columns, rows);
        await RequireTerminalAccessAsync(workspaceId, sessionId);
        await Session(workspaceId, sessionId).Resize(columns, rows);
    }

    /// <summary>Ends the session (its shell gets SIGHUP); its watchers get terminalExited.</summary>
    [RequiresWorkspace(WorkspacePermission.Write, "close this terminal")]
    public async Task CloseTerminal(string workspaceId, string sessionId)
    {
        ValidateSessionId(sessionId);
        await RequireTerminalAccessAsync(workspaceId, sessionId);
        await Session(workspaceId, sessionId).Close();
    }

    /// <summary>The caller's permission in the workspace of a <see cref="RequiresWorkspaceAttribute"/> method, set by <see cref="WorkspaceHubAccessFilter"/> before it runs.</summary>
    internal WorkspacePermission CallerPermission { get; set; }

    private IWorkspaceGrain Workspace(string workspaceId) => grains.GetGrain<IWorkspaceGrain>(workspaceId);

    private string CallerId => Context.User!.GetUserId().ToString("D");

    private async Task<TerminalSessionInfo> OpenTerminalAsync(string workspaceId, int columns, int rows, bool isPrivate)
    {
        ValidateSize(columns, rows);
        var opener = new TerminalOpener(CallerId, Context.User!.GetDisplayName(), isPrivate);
        var session = await Workspace(workspaceId).OpenTerminal(columns, rows, opener);
        Context.Items[TerminalAccessKey(workspaceId, session.SessionId)] = true;
        return session;
    }

    private static bool IsAllowed(TerminalSessionInfo session, string callerId) => session.Owner is not { Private: true } owner || owner.UserId == callerId;

    /// <summary>
    /// Refuses a private terminal to anyone but its opener. The answer is kept for the connection, so typing asks the session
    /// once rather than at every keystroke (who opened a session never changes).
    /// </summary>
    private async Task RequireTerminalAccessAsync(string workspaceId, string sessionId)
    {
        var key = TerminalAccessKey(workspaceId, sessionId);
        if (Context.Items.TryGetValue(key, out var known) && known is true)
        {
            return;
        }

        var session = await Session(workspaceId, sessionId).GetInfo();
        if (!IsAllowed(session, CallerId))
        {
            throw new HubException($"this terminal is private to {session.Owner!.DisplayName}; open a terminal of your own");
        }

        Context.Items[key] = true;
    }

    private static string TerminalAccessKey(string workspaceId, string sessionId) => $"terminal-access:{workspaceId}/{sessionId}";

    /// <summary>The session grain of a workspace the caller was checked for: the key is built here, never taken from the client.</summary>
    private IContainerSessionGrain Session(string workspaceId, string sessionId) => grains.GetGrain<IContainerSessionGrain>($"{workspaceId}/{sessionId}");

    /// <summary>A "since" token as the hub sent it with an event ("p3-o1200-e0").</summary>
    private static KafkaSequenceToken ParseSince(string? since) =>
        KafkaSequenceToken.TryParse(since, out var token)
            ? token
            : throw new HubException("since must be the token of an event this server sent (such as p3-o1200-e0)");

    /// <summary>Refuses a missing workspace id, and one no workspace can have as "workspace not found".</summary>
    internal static void ValidateWorkspaceId(string? workspaceId)
    {
        if (string.IsNullOrEmpty(workspaceId))
        {
            throw new HubException("workspaceId is required");
        }

        if (!WorkspaceIds.IsValid(workspaceId))
        {
            throw new HubException("workspace not found");
        }
    }

    private static void ValidateSessionId(string? sessionId)
    {
        if (string.IsNullOrEmpty(sessionId))
        {
            throw new HubException("sessionId is required");
        }

        if (sessionId.Length > MaxSessionIdLength || !sessionId.All(char.IsAsciiLetterOrDigit))
        {
            throw new HubException("terminal session not found");
        }
    }

    private static void ValidateSize(int columns, int rows)
    {
        if (columns is < 1 or > MaxTerminalSize)
        {
            throw new HubException(string.Create(CultureInfo.InvariantCulture, $"columns must be between 1 and {MaxTerminalSize} (got {columns})"));
        }

        if (rows is < 1 or > MaxTerminalSize)
        {
            throw new HubException(string.Create(CultureInfo.InvariantCulture, $"rows must be between 1 and {MaxTerminalSize} (got {rows})"));
        }
    }
}
