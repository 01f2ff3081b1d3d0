using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using Vibe.Grains.Agents;
using Vibe.Grains.Interfaces.Agents;
using Vibe.WebFront.Accounts;
using Vibe.WebFront.Agents;
using Vibe.WebFront.Workspaces;

namespace Vibe.WebFront.Hubs;

/// <summary>
/// The AI agent's hub methods: the workspace's chat threads and runs (Read), starting, stopping and reverting runs (Write),
/// and watching the runs' events live (Read; client event <c>agentEvent</c>). Run and thread ids are checked for shape and
/// the grain keys are built here from the workspace the caller was checked for, never taken whole from the client.
/// </summary>
internal sealed partial class WorkspaceHub
{
    /// <summary>The longest thread title, in characters.</summary>
    public const int MaxThreadTitleLength = 200;

    /// <summary>Thread and run ids are what the chat grain hands out: 1 to 64 ASCII letters, digits, '-' and '_'.</summary>
    private const int MaxAgentIdLength = 64;

    /// <summary>Starts the caller's <c>agentEvent</c>s for the workspace's runs; read the threads and runs after this so nothing is missed.</summary>
    [IdempotentHubMethod]
    [RequiresWorkspace(WorkspacePermission.Read, "watch its AI agent")]
    [Subscribes]
    public async Task WatchAgent(string workspaceId)
    {
        await fanOut.JoinAgentAsync(Context.ConnectionId, workspaceId);
    }

    /// <summary>
    /// As <see cref="WatchAgent"/> for a client that reconnects: its agent events start after <paramref name="since"/>, the
    /// token of the last one it received; a "streamReset" event says some are lost (read the runs again).
    /// </summary>
    [IdempotentHubMethod]
    [RequiresWorkspace(WorkspacePermission.Read, "watch its AI agent")]
    [Subscribes]
    public async Task ResumeAgent(string workspaceId, string since)
    {
        var token = ParseSince(since);
        await fanOut.JoinAgentAsync(Context.ConnectionId, workspaceId, token);
    }

    /// <summary>Stops the caller's agent events for the workspace (needs no permission).</summary>
    [IdempotentHubMethod]
    public Task UnwatchAgent(string workspaceId)
    {
        ValidateWorkspaceId(workspaceId);
        return fanOut.LeaveAgentAsync(Context.ConnectionId, workspaceId);
    }

    /// <summary>The workspace's chat threads.</summary>
    [IdempotentHubMethod]
    [RequiresWorkspace(WorkspacePermission.Read, "see its AI chat")]
    public async Task<IReadOnlyList<ChatThreadInfo>> ListAgentThreads(string workspaceId)
    {
        return await Chat(workspaceId).ListThreads();
    }

    /// <summary>Starts a new chat thread titled <paramref name="title"/> (blank: "New conversation").</summary>
    [RequiresWorkspace(WorkspacePermission.Write, "start an AI conversation")]
    public async Task<ChatThreadInfo> CreateAgentThread(string workspaceId, string? title)
    {
        var trimmed = string.IsNullOrWhiteSpace(title) ? "New conversation" : title.Trim();
        if (trimmed.Length > MaxThreadTitleLength)
        {
            throw new HubException(string.Create(CultureInfo.InvariantCulture, $"the title is {trimmed.Length} characters long; at most {MaxThreadTitleLength} are allowed"));
        }

        var userId = Context.User!.GetUserId().ToString();
        return await Chat(workspaceId).CreateThread(trimmed, userId);
    }

    /// <summary>The runs of a thread, oldest first, each with its events (to replay them).</summary>
    [IdempotentHubMethod]
    [RequiresWorkspace(WorkspacePermission.Read, "see its AI chat")]
    public async Task<IReadOnlyList<AgentRunInfo>> GetAgentThreadRuns(string workspaceId, string threadId)
    {
        ValidateAgentId(threadId, "threadId", "chat thread not found");
        return await Chat(workspaceId).GetThreadRuns(threadId);
    }

    /// <summary>
    /// Asks the agent <paramref name="prompt"/> in the thread: resolves the workspace's AI provider (the team's, else the
    /// installation's) and starts a run with the configured limits (Vibe:Agent). Its events go to the workspace's agent
    /// watchers. Refused with the reason when no provider is configured or the workspace already has a run going.
    /// </summary>
    [RequiresWorkspace(WorkspacePermission.Write, "ask the AI agent")]
    public async Task<AgentRunInfo> StartAgentRun(
        string workspaceId,
        string threadId,
        string prompt,
        [FromServices] IAgentProviderResolver providers,
        [FromServices] IOptions<AgentOptions> agentOptions,
        [FromServices] AgentSpendGate spend,
        [FromServices] WorkspaceIndex index,
        [FromServices] AccountStore accounts)
    {
        ValidateAgentId(threadId, "threadId", "chat thread not found");
        var options = agentOptions.Value;
        if (string.IsNullOrWhiteSpace(prompt))
        {
            throw new HubException("a prompt is required: say what the agent should do");
        }

        if (prompt.Length > options.MaxPromptChars)
        {
            throw new HubException(string.Create(CultureInfo.InvariantCulture, $"the prompt is {prompt.Length} characters long; at most {options.MaxPromptChars} are allowed"));
        }

        var provider = await providers.DescribeAsync(workspaceId, Context.ConnectionAborted);
        if (provider.Settings is null)
        {
            // The help says it once ("No AI provider is configured. …"), in the words the caller may read.
            var admin = await accounts.IsEnabledAdminAsync(Context.User!.GetUserId(), Context.ConnectionAborted);
            throw new HubException(provider.HelpFor(admin) ?? "No AI provider is configured.");
        }

        var request = new AgentRunRequest(
            threadId,
            prompt,
            Context.User!.GetUserId().ToString(),
            UserName(),
            provider.Settings,
            new AgentRunLimits(options.MaxSteps, options.MaxTokens, options.MaxDuration));

        // The user's and the team's run and token limits are taken here, where every run starts.
        var userId = Context.User!.GetUserId();
        var teamId = (await index.FindAsync(userId, workspaceId, Context.ConnectionAborted))?.TeamId;
        var (ticket, refusal) = await spend.ReserveAsync(userId, teamId);
        if (ticket is null)
        {
            throw new HubException(refusal);
        }

        AgentRunInfo run;
        try
        {
            run = await Chat(workspaceId).StartRun(request);
        }
        catch
        {
            await spend.ReleaseAsync(ticket);
            throw;
        }

        await spend.AttachAsync(ticket, workspaceId, run.RunId);
        return run;
    }

    /// <summary>Stops the run and any command it is running; returns the run as it ended.</summary>
    [IdempotentHubMethod]
    [RequiresWorkspace(WorkspacePermission.Write, "stop an AI agent run")]
    public async Task<AgentRunInfo> CancelAgentRun(string workspaceId, string runId)
    {
        ValidateAgentId(runId, "runId", "agent run not found");
        var run = Run(workspaceId, runId);

        // Every run that started has its Started event; a run id nobody started is not there to stop.
        if ((await run.GetInfo()).Events.Count == 0)
        {
            throw new HubException("agent run not found");
        }

        return await run.Cancel();
    }

    /// <summary>Restores the files the run changed, or says which a person has edited since (then nothing changes).</summary>
    [RequiresWorkspace(WorkspacePermission.Write, "revert an AI agent run")]
    public async Task<AgentRevertResult> RevertAgentRun(string workspaceId, string runId)
    {
        ValidateAgentId(runId, "runId", "agent run not found");
        var userId = Context.User!.GetUserId().ToString();
        var userName = UserName();
        return await Run(workspaceId, runId).Revert(userId, userName);
    }

    private IWorkspaceChatGrain Chat(string workspaceId) => grains.GetGrain<IWorkspaceChatGrain>(workspaceId);

    /// <summary>The run grain of a workspace the caller was checked for: the key is built here, never taken from the client.</summary>
    private IAgentRunGrain Run(string workspaceId, string runId) => grains.GetGrain<IAgentRunGrain>($"{workspaceId}/{runId}");

    /// <summary>The signed-in user's display name (the access token's name claim).</summary>
    private string UserName() => Context.User?.Identity?.Name is { Length: > 0 } name ? name : "someone";

    private static void ValidateAgentId(string? id, string parameter, string notFound)
    {
        if (string.IsNullOrEmpty(id))
        {
            throw new HubException($"{parameter} is required");
        }

        if (id.Length > MaxAgentIdLength || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new HubException(notFound);
        }
    }
}
