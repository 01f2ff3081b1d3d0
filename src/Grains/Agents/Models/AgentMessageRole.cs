namespace Vibe.Grains.Agents.Models;

/// <summary>Who said a message: the person (and tool results) or the model.</summary>
public enum AgentMessageRole
{
    /// <summary>The person's prompt, or the results of the tools the model called.</summary>
    User,

    /// <summary>The model's answer: text and tool calls.</summary>
    Assistant,
}
