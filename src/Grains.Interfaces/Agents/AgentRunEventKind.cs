namespace Vibe.Grains.Interfaces.Agents;

[GenerateSerializer, Alias("Vibe.AgentRunEventKind")]
public enum AgentRunEventKind
{
    /// <summary>The run began (Text: the prompt).</summary>
    Started,

    /// <summary>Streamed model text (Text: the delta).</summary>
    TextDelta,

    /// <summary>The model called a tool (ToolCallId, ToolName, Input: the arguments as JSON).</summary>
    ToolCallStarted,

    /// <summary>A tool finished (ToolCallId, Output: what went back to the model, IsError, Diff: a unified diff for file edits).</summary>
    ToolCallFinished,

    /// <summary>Token usage so far (InputTokens, OutputTokens: run totals).</summary>
    Usage,

    /// <summary>The run ended (Status, Error).</summary>
    Finished,

    /// <summary>The run's file changes were reverted (Text: which files).</summary>
    Reverted,
}
