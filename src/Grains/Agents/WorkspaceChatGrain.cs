using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vibe.Grains.Interfaces.Agents;
using Vibe.Grains.Interfaces.Errors;
using Vibe.Grains.Placement;

namespace Vibe.Grains.Agents;

/// <summary>
/// The AI panel's conversations of one workspace: its threads, their runs in order, and the runs going now (at most
/// <see cref="AgentOptions.MaxConcurrentRunsPerWorkspace"/>). The runs themselves hold their events.
/// </summary>
[GrainSiloPlacementFilter]
internal sealed partial class WorkspaceChatGrain(
    [PersistentState("workspaceChat")] IPersistentState<WorkspaceChatState> state,
    IOptions<AgentOptions> options,
    ILogger<WorkspaceChatGrain> logger) : Grain, IWorkspaceChatGrain
{
    private const int MaxTitleChars = 200;
    private const int MaxThreads = 500;

    private readonly AgentOptions _options = options.Value;

    private string WorkspaceId => this.GetPrimaryKeyString();

    private WorkspaceChatState Chat => state.State;

    public async Task<ChatThreadInfo> CreateThread(string title, string userId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        title = string.IsNullOrWhiteSpace(title) ? "New conversation" : title.Trim();
        if (title.Length > MaxTitleChars)
        {
            throw new InvalidRequestException($"A thread title is at most {MaxTitleChars} characters ({title.Length} given).");
        }

        if (Chat.Threads.Count >= MaxThreads)
        {
            throw new ConflictException($"Workspace '{WorkspaceId}' has {MaxThreads} chat threads, the most it may keep.");
        }

        var thread = new ChatThreadState
        {
            ThreadId = $"t-{Guid.NewGuid():N}"[..14],
            Title = title,
            CreatedBy = userId,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        Chat.Threads.Add(thread);
        await state.WriteStateAsync();
        return thread.ToInfo();
    }

    public Task<IReadOnlyList<ChatThreadInfo>> ListThreads() =>
        Task.FromResult<IReadOnlyList<ChatThreadInfo>>([.. Chat.Threads.Select(t => t.ToInfo())]);

    public async Task<AgentRunInfo> StartRun(AgentRunRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var thread = FindThread(request.ThreadId);
        if (string.IsNullOrWhiteSpace(request.Prompt))
        {
            throw new InvalidRequestException("Say what the agent should do: the prompt is empty.");
        }

        if (request.Prompt.Length > _options.MaxPromptChars)
        {
            throw new InvalidRequestException($"A prompt is at most {_options.MaxPromptChars} characters ({request.Prompt.Length} given); put long material in a file and refer to it.");
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(request.UserId);
        ArgumentNullException.ThrowIfNull(request.Provider);
        AgentLimitsValidation.Validate(request.Limits);

        await ForgetEndedRunsAsync();
        if (Chat.RunningRunIds.Count >= _options.MaxConcurrentRunsPerWorkspace)
        {
            var running = await Run(Chat.RunningRunIds[0]).GetInfo();
            throw new AgentBusyException(
                $"The agent is already working in this workspace: run {running.RunId}, asked by {running.UserName} (\"{Shorten(running.Prompt)}\"). Wait for it to finish or stop it.");
        }

        var runId = $"r-{Guid.NewGuid():N}"[..14];
        thread.RunIds.Add(runId);
        Chat.RunningRunIds.Add(runId);
        await state.WriteStateAsync();
        try
        {
            var info = await Run(runId).Start(request);
            LogRunStarted(logger, WorkspaceId, runId, thread.ThreadId, request.UserId);
            return info;
        }
        catch
        {
            thread.RunIds.Remove(runId);
            Chat.RunningRunIds.Remove(runId);
            await state.WriteStateAsync();
            throw;
        }
    }

    public async Task<IReadOnlyList<AgentRunInfo>> GetThreadRuns(string threadId)
    {
        var thread = FindThread(threadId);
        var runs = new List<AgentRunInfo>(thread.RunIds.Count);
        foreach (var runId in thread.RunIds.ToArray())
        {
            runs.Add(await Run(runId).GetInfo());
        }

        return runs;
    }

    public async Task RunEnded(string runId)
    {
        if (Chat.RunningRunIds.Remove(runId))
        {
            await state.WriteStateAsync();
        }
    }

    /// <summary>Drops runs that ended without saying so (their silo stopped): their grain marks them failed when it comes back.</summary>
    private async Task ForgetEndedRunsAsync()
    {
        var changed = false;
        foreach (var runId in Chat.RunningRunIds.ToArray())
        {
            var info = await Run(runId).GetInfo();
            if (info.Status != AgentRunStatus.Running)
            {
                Chat.RunningRunIds.Remove(runId);
                changed = true;
            }
        }

        if (changed)
        {
            await state.WriteStateAsync();
        }
    }

    private ChatThreadState FindThread(string threadId) =>
        Chat.Threads.Find(t => t.ThreadId == threadId)
        ?? throw new InvalidRequestException($"Workspace '{WorkspaceId}' has no chat thread '{threadId}'; create one first.");

    private IAgentRunGrain Run(string runId) => GrainFactory.GetGrain<IAgentRunGrain>(new AgentRunKey(WorkspaceId, runId).ToString());

    private static string Shorten(string prompt) => prompt.Length <= 80 ? prompt : prompt[..77] + "...";

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent run {RunId} started in thread {ThreadId} of workspace {WorkspaceId} by {UserId}")]
    private static partial void LogRunStarted(ILogger logger, string workspaceId, string runId, string threadId, string userId);
}
