namespace Vibe.Grains.Agents;

/// <summary>The AI agent's limits and defaults, bound from <c>Vibe:Agent</c>; a run's own limits come with its request.</summary>
public sealed class AgentOptions
{
    /// <summary>The configuration section the options are read from.</summary>
    public const string SectionName = "Vibe:Agent";

    /// <summary>Model requests a run may make (default 25).</summary>
    public int MaxSteps { get; set; } = 25;

    /// <summary>Input plus output tokens a run may use (default 200 000).</summary>
    public long MaxTokens { get; set; } = 200_000;

    /// <summary>Wall time a run may take (default 10 minutes).</summary>
    public TimeSpan MaxDuration { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// The longest a run_command may take (default 60 s); the model may ask for less. Capped by the workspace's
    /// WorkspaceOptions.MaxExecTimeout, which bounds every command run without a terminal.
    /// </summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Characters of a command's output (stdout and stderr together) sent back to the model (default 16 Ki).</summary>
    public int MaxCommandOutputChars { get; set; } = 16 * 1024;

    /// <summary>Characters of a file read_file hands the model (default 256 Ki); longer files are cut with a note.</summary>
    public int MaxReadChars { get; set; } = 256 * 1024;

    /// <summary>Runs that may go at once in one workspace (default 1).</summary>
    public int MaxConcurrentRunsPerWorkspace { get; set; } = 1;

    /// <summary>Runs one person may have going at once, across all workspaces (default 3).</summary>
    public int MaxConcurrentRunsPerUser { get; set; } = 3;

    /// <summary>Runs a team's workspaces may have going at once (default 10).</summary>
    public int MaxConcurrentRunsPerTeam { get; set; } = 10;

    /// <summary>Input plus output tokens one person's runs started in a UTC day may use; a start past it is refused (default 5 000 000).</summary>
    public long DailyTokenBudgetPerUser { get; set; } = 5_000_000;

    /// <summary>Input plus output tokens the runs in a team's workspaces started in a UTC day may use (default 20 000 000).</summary>
    public long DailyTokenBudgetPerTeam { get; set; } = 20_000_000;

    /// <summary>The longest prompt a person may send (default 32 000 characters).</summary>
    public int MaxPromptChars { get; set; } = 32_000;

    /// <summary>Earlier runs of the thread whose prompt and answer go with a new prompt as context (default 10).</summary>
    public int ContextRuns { get; set; } = 10;

    /// <summary>Characters kept of each earlier answer sent as context (default 4000).</summary>
    public int ContextAnswerChars { get; set; } = 4000;

    /// <summary>The colour of the agent's cursor in open editors (default violet).</summary>
    public string CursorColor { get; set; } = "#8b5cf6";
}
