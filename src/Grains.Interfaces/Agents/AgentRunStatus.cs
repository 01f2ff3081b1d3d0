namespace Vibe.Grains.Interfaces.Agents;

[GenerateSerializer, Alias("Vibe.AgentRunStatus")]
public enum AgentRunStatus
{
    Running,

    /// <summary>The model stopped on its own.</summary>
    Completed,

    /// <summary>Someone pressed stop.</summary>
    Cancelled,

    /// <summary>A limit (steps, tokens, wall time) ended it.</summary>
    LimitReached,

    /// <summary>The provider failed or the run could not go on; see Error.</summary>
    Failed,
}
