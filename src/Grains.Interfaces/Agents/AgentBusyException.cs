namespace Vibe.Grains.Interfaces.Agents;

/// <summary>The workspace already has as many runs going as it allows; the message names the run.</summary>
[GenerateSerializer, Alias("Vibe.AgentBusyException")]
public sealed class AgentBusyException : InvalidOperationException
{
    public AgentBusyException()
    {
    }

    public AgentBusyException(string message)
        : base(message)
    {
    }

    public AgentBusyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
