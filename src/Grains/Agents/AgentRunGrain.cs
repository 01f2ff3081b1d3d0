using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Streams;
using Vibe.Grains.Agents.Models;
using Vibe.Grains.Interfaces.Agents;
using Vibe.Grains.Interfaces.Errors;
using Vibe.Grains.Interfaces.Workspaces;
using Vibe.Grains.Placement;
using Vibe.Grains.Workspaces;

namespace Vibe.Grains.Agents;

/// <summary>
/// One AI agent run: the tool loop between the model and the workspace. The loop runs in an interleaving one-shot timer tick
/// of this activation, so its state changes happen on the grain's turns while Cancel and GetInfo still get in; it is not part
/// of the chat grain's call chain that started it. Events are kept in the persisted state and published as they happen.
/// </summary>
[GrainSiloPlacementFilter]
internal sealed partial class AgentRunGrain(
    [PersistentState("agentRun")] IPersistentState<AgentRunState> state,
    IAgentModelClientFactory clientFactory,
    IOptions<AgentOptions> agentOptions,
    IOptions<WorkspaceOptions> workspaceOptions,
    ILogger<AgentRunGrain> logger) : Grain, IAgentRunGrain
{
    private readonly AgentOptions _options = agentOptions.Value;
    private readonly SemaphoreSlim _saveLock = new(1, 1);
    private readonly CancellationTokenSource _cancel = new();
    private AgentRunKey? _key;
    private TaskCompletionSource? _loop;
    private IGrainTimer? _loopTimer;
    private IAsyncStream<AgentRunEvent>? _events;
    private Task _saving = Task.CompletedTask;
    private bool _reverting;

    private AgentRunKey Key => _key ??= AgentRunKey.Parse(this.GetPrimaryKeyString());

    private AgentRunState Run => state.State;

    private IWorkspaceGrain Workspace => GrainFactory.GetGrain<IWorkspaceGrain>(Key.WorkspaceId);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _events = EventStream();
        if (Run.Status == AgentRunStatus.Running)
        {
            // The activation that ran the loop is gone (its silo stopped): the loop cannot be resumed.
            LogInterrupted(logger, Key.WorkspaceId, Key.RunId);
            await EndAsync(AgentRunStatus.Failed, "The run was interrupted: the server running it stopped. Ask again to continue.", notifyChat: false);
        }
    }

    public async Task<AgentRunInfo> Start(AgentRunRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Provider);
        AgentLimitsValidation.Validate(request.Limits);
        if (string.IsNullOrWhiteSpace(request.Prompt))
        {
            throw new InvalidRequestException("Say what the agent should do: the prompt is empty.");
        }

        if (Run.Status is not null)
        {
            throw new ConflictException($"Agent run '{Key}' has already been started.");
        }

        Run.ThreadId = request.ThreadId;
        Run.UserId = request.UserId;
        Run.UserName = request.UserName;
        Run.Prompt = request.Prompt;
        Run.Status = AgentRunStatus.Running;
        Run.StartedAt = DateTimeOffset.UtcNow;
        var loop = _loop = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            await EmitAsync(NewEvent(AgentRunEventKind.Started) with { Text = request.Prompt });
            await SaveAsync();
        }
        catch
        {
            Run.Status = AgentRunStatus.Failed;
            loop.TrySetResult();
            throw;
        }

        DelayDeactivation(Timeout.InfiniteTimeSpan);
        _loopTimer = this.RegisterGrainTimer(
            static (run, _) => run.Self.RunLoopAsync(run.Request),
            (Self: this, Request: request),
            new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { Interleave = true, KeepAlive = true });
        LogStarted(logger, Key.WorkspaceId, Key.RunId, request.Provider.ToString(), request.UserId);
        return Info();
    }

    public async Task<AgentRunInfo> Cancel()
    {
        if (_loop is { } loop && !loop.Task.IsCompleted)
        {
            await _cancel.CancelAsync();
            await loop.Task;
        }

        return Info();
    }

    public Task<AgentRunInfo> GetInfo() => Task.FromResult(Info());

    private async Task RunLoopAsync(AgentRunRequest request)
    {
        var limits = request.Limits;
        using var deadline = new CancellationTokenSource(limits.MaxDuration);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(_cancel.Token, deadline.Token);
        var ct = linked.Token;
        AgentRunStatus status;
        string? error = null;
        try
        {
            ct.ThrowIfCancellationRequested();
            var messages = await ConversationAsync(request);
            var client = clientFactory.Create(request.Provider);
            while (true)
            {
                if (Run.Steps >= limits.MaxSteps)
                {
                    status = AgentRunStatus.LimitReached;
                    error = $"The run stopped at its limit of {limits.MaxSteps} steps (model requests) before the agent finished. Ask again to let it continue.";
                    break;
                }

                var (text, calls) = await StepAsync(client, messages, request.Provider.MaxOutputTokens, ct);
                var content = new List<AgentContent>();
                if (text.Length > 0)
                {
                    content.Add(new AgentTextContent(text));
                }

                foreach (var call in calls)
                {
                    content.Add(new AgentToolCallContent(call.Id, call.Name, call.InputJson));
                }

                messages.Add(new AgentMessage(AgentMessageRole.Assistant, content));
                if (Run.InputTokens + Run.OutputTokens >= limits.MaxTokens)
                {
                    status = AgentRunStatus.LimitReached;
                    error = $"The run stopped at its limit of {limits.MaxTokens} tokens ({Run.InputTokens + Run.OutputTokens} used) before the agent finished.";
                    break;
                }

                if (calls.Count == 0)
                {
                    status = AgentRunStatus.Completed;
                    break;
                }

                var results = new List<AgentContent>(calls.Count);
                foreach (var call in calls)
                {
                    await EmitAsync(NewEvent(AgentRunEventKind.ToolCallStarted) with { ToolCallId = call.Id, ToolName = call.Name, Input = call.InputJson });
                    var outcome = await ExecuteToolAsync(request, call, ct);
                    await EmitAsync(NewEvent(AgentRunEventKind.ToolCallFinished) with
                    {
                        ToolCallId = call.Id,
                        ToolName = call.Name,
                        Output = outcome.Output,
                        IsError = outcome.IsError,
                        Diff = outcome.Diff,
                    });
                    results.Add(new AgentToolResultContent(call.Id, outcome.Output, outcome.IsError));
                }

                messages.Add(new AgentMessage(AgentMessageRole.User, results));

                // The step is saved while the model is asked again: the request changes nothing in the workspace, and
                // StepAsync lets nothing change the run before the save has ended (see CountStepAsync).
                _saving = SaveAsync();
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException && _cancel.IsCancellationRequested)
        {
            // However the provider client or the tool reported the cancellation, it was someone pressing stop.
            status = AgentRunStatus.Cancelled;
            error = "Stopped before the agent finished.";
        }
        catch (Exception ex) when (ex is not OutOfMemoryException && deadline.IsCancellationRequested)
        {
            status = AgentRunStatus.LimitReached;
            error = $"The run stopped at its time limit of {limits.MaxDuration.TotalMinutes:0.#} minutes before the agent finished.";
        }
        catch (AgentModelException ex)
        {
            status = AgentRunStatus.Failed;
            error = $"The AI provider failed: {ex.Message}";
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogRunFailed(logger, ex, Key.WorkspaceId, Key.RunId);
            status = AgentRunStatus.Failed;
            error = $"The run failed: {ex.Message}";
        }

        try
        {
            await EndAsync(status, error, notifyChat: true);
        }
        finally
        {
            _loopTimer?.Dispose();
            _loop?.TrySetResult();
            DelayDeactivation(TimeSpan.Zero);
        }
    }

    /// <summary>
    /// One model request: streams its text out as events and collects its tool calls and usage. The request goes out while
    /// the previous step may still be saving; the step is counted, and the run changed, only once that save has ended.
    /// </summary>
    private async Task<(string Text, List<AgentToolCall> Calls)> StepAsync(IAgentModelClient client, List<AgentMessage> messages, int maxOutputTokens, CancellationToken ct)
    {
        var request = new AgentModelRequest(AgentTools.SystemPrompt, [.. messages], AgentTools.Definitions, maxOutputTokens);
        var text = new StringBuilder();
        var calls = new List<AgentToolCall>();
        var counted = false;
        try
        {
            await foreach (var modelEvent in client.StreamAsync(request, ct).WithCancellation(ct))
            {
                if (!counted)
                {
                    counted = true;
                    await CountStepAsync();
                }

                switch (modelEvent)
                {
                    case AgentTextDelta delta when delta.Text.Length > 0:
                        text.Append(delta.Text);
                        await EmitAsync(NewEvent(AgentRunEventKind.TextDelta) with { Text = delta.Text });
                        break;
                    case AgentToolCall call:
                        calls.Add(call);
                        break;
                    case AgentUsage usage:
                        Run.InputTokens += usage.InputTokens;
                        Run.OutputTokens += usage.OutputTokens;
                        await EmitAsync(NewEvent(AgentRunEventKind.Usage) with { InputTokens = Run.InputTokens, OutputTokens = Run.OutputTokens });
                        break;
                }
            }
        }
        finally
        {
            if (!counted)
            {
                await CountStepAsync();
            }
        }

        return (text.ToString(), calls);
    }

    /// <summary>Waits for the previous step's save (its failure fails the run), then counts this step (a model request).</summary>
    private async Task CountStepAsync()
    {
        await SavedAsync();
        Run.Steps++;
    }

    /// <summary>Waits for a save started earlier (see <see cref="RunLoopAsync"/>); the run's state must not change before.</summary>
    private async Task SavedAsync()
    {
        var saving = _saving;
        _saving = Task.CompletedTask;
        await saving;
    }

    /// <summary>The thread's earlier runs (prompt and answer, briefly) followed by this run's prompt.</summary>
    private async Task<List<AgentMessage>> ConversationAsync(AgentRunRequest request)
    {
        var messages = new List<AgentMessage>();
        if (_options.ContextRuns > 0 && request.ThreadId.Length > 0)
        {
            try
            {
                var runs = await GrainFactory.GetGrain<IWorkspaceChatGrain>(Key.WorkspaceId).GetThreadRuns(request.ThreadId);
                var earlier = new List<AgentRunInfo>();
                foreach (var run in runs)
                {
                    if (run.RunId == Key.RunId)
                    {
                        break;
                    }

                    earlier.Add(run);
                }

                foreach (var run in earlier.Skip(Math.Max(0, earlier.Count - _options.ContextRuns)))
                {
                    messages.Add(new AgentMessage(AgentMessageRole.User, [new AgentTextContent(run.Prompt)]));
                    messages.Add(new AgentMessage(AgentMessageRole.Assistant, [new AgentTextContent(Answer(run))]));
                }
            }
            catch (Exception ex) when (ex is not OutOfMemoryException and not OperationCanceledException)
            {
                LogNoContext(logger, ex, Key.WorkspaceId, Key.RunId);
            }
        }

        messages.Add(new AgentMessage(AgentMessageRole.User, [new AgentTextContent(request.Prompt)]));
        return messages;
    }

    private string Answer(AgentRunInfo run)
    {
        var answer = new StringBuilder();
        foreach (var runEvent in run.Events)
        {
            if (runEvent.Kind == AgentRunEventKind.TextDelta)
            {
                answer.Append(runEvent.Text);
            }
        }

        if (answer.Length > _options.ContextAnswerChars)
        {
            answer.Length = _options.ContextAnswerChars;
            answer.Append(" […]");
        }

        return answer.Length > 0 ? answer.ToString() : $"(no answer: the run ended {run.Status})";
    }

    private async Task EndAsync(AgentRunStatus status, string? error, bool notifyChat)
    {
        try
        {
            await SavedAsync();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The save below writes everything again.
            LogSaveFailed(logger, ex, Key.WorkspaceId, Key.RunId);
        }

        // Before the run reads as ended: whoever sees it ended finds its edits on disk and no cursor of it.
        try
        {
            await WaitForEditsOnDiskAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The documents hold the edits and write them shortly anyway.
            LogEditsNotSynced(logger, ex, Key.WorkspaceId, Key.RunId);
        }

        await LeaveDocumentsAsync();
        Run.Status = status;
        Run.Error = error;
        Run.EndedAt = DateTimeOffset.UtcNow;
        await EmitAsync(NewEvent(AgentRunEventKind.Finished) with { Status = status, Error = error });
        await SaveAsync();
        LogEnded(logger, Key.WorkspaceId, Key.RunId, status, Run.Steps, Run.InputTokens, Run.OutputTokens);
        if (notifyChat)
        {
            try
            {
                await GrainFactory.GetGrain<IWorkspaceChatGrain>(Key.WorkspaceId).RunEnded(Key.RunId);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogChatNotNotified(logger, ex, Key.WorkspaceId, Key.RunId);
            }
        }
    }

    private AgentRunEvent NewEvent(AgentRunEventKind kind) => new(Key.WorkspaceId, Key.RunId, 0, kind, DateTimeOffset.UtcNow);

    /// <summary>Numbers the event (without gaps: this runs on the activation's turns), keeps it and publishes it.</summary>
    private async Task EmitAsync(AgentRunEvent runEvent)
    {
        runEvent = runEvent with { Sequence = Run.Events.Count + 1 };
        Run.Events.Add(runEvent);
        if (_events is { } stream)
        {
            try
            {
                await stream.OnNextAsync(runEvent);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                LogPublishFailed(logger, ex, Key.WorkspaceId, Key.RunId, runEvent.Sequence);
            }
        }
    }

    private async Task SaveAsync()
    {
        await _saveLock.WaitAsync();
        try
        {
            await state.WriteStateAsync();
        }
        finally
        {
            _saveLock.Release();
        }
    }

    private AgentRunInfo Info()
    {
        var changed = new List<string>(Run.Changes.Count);
        foreach (var change in Run.Changes)
        {
            changed.Add(change.Path);
        }

        return new AgentRunInfo(
            Key.WorkspaceId,
            Key.RunId,
            Run.ThreadId ?? "",
            Run.UserId,
            Run.UserName,
            Run.Prompt,
            Run.Status ?? AgentRunStatus.Failed,
            Run.Status is null ? "This run was never started." : Run.Error,
            Run.Steps,
            Run.InputTokens,
            Run.OutputTokens,
            Run.StartedAt,
            Run.EndedAt,
            Run.Reverted,
            changed,
            [.. Run.Events]);
    }

    private IAsyncStream<AgentRunEvent>? EventStream() => this.TryGetStream<AgentRunEvent>(
        workspaceOptions.Value.StreamProvider, StreamId.Create(AgentStreams.Events, Key.WorkspaceId), logger, "agent events are kept with the run only");

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent run {RunId} of workspace {WorkspaceId} started with {Provider} for user {UserId}")]
    private static partial void LogStarted(ILogger logger, string workspaceId, string runId, string provider, string userId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Agent run {RunId} of workspace {WorkspaceId} ended {Status} after {Steps} steps ({InputTokens} input, {OutputTokens} output tokens)")]
    private static partial void LogEnded(ILogger logger, string workspaceId, string runId, AgentRunStatus status, int steps, long inputTokens, long outputTokens);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent run {RunId} of workspace {WorkspaceId} was interrupted by a restart and is marked failed")]
    private static partial void LogInterrupted(ILogger logger, string workspaceId, string runId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Agent run {RunId} of workspace {WorkspaceId} failed")]
    private static partial void LogRunFailed(ILogger logger, Exception ex, string workspaceId, string runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent run {RunId} of workspace {WorkspaceId}: the thread's earlier runs could not be read; going on without them")]
    private static partial void LogNoContext(ILogger logger, Exception ex, string workspaceId, string runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent run {RunId} of workspace {WorkspaceId}: telling the chat grain that it ended failed")]
    private static partial void LogChatNotNotified(ILogger logger, Exception ex, string workspaceId, string runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent run {RunId} of workspace {WorkspaceId}: saving a step failed; the run's end saves it again")]
    private static partial void LogSaveFailed(ILogger logger, Exception ex, string workspaceId, string runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent run {RunId} of workspace {WorkspaceId}: writing its edits to disk at its end failed; the documents write them shortly")]
    private static partial void LogEditsNotSynced(ILogger logger, Exception ex, string workspaceId, string runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Agent run {RunId} of workspace {WorkspaceId}: publishing event {Sequence} failed")]
    private static partial void LogPublishFailed(ILogger logger, Exception ex, string workspaceId, string runId, long sequence);
}
