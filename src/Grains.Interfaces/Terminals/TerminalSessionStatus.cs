namespace Vibe.Grains.Interfaces.Terminals;

/// <summary>Where a terminal session is in its life.</summary>
[GenerateSerializer, Alias("Vibe.TerminalSessionStatus")]
public enum TerminalSessionStatus
{
    /// <summary>No shell was started in this activation: never opened, or the session was lost with its silo or collected after it ended.</summary>
    NotStarted,

    /// <summary>The shell runs.</summary>
    Running,

    /// <summary>The shell has ended (it exited, was closed, or its workspace stopped); the session cannot be opened again.</summary>
    Exited,
}
