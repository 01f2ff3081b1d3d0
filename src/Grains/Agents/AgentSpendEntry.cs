namespace Vibe.Grains.Agents;

/// <summary>One reserved or started run of <see cref="AgentSpendState"/>.</summary>
internal sealed class AgentSpendEntry
{
    public Guid Reservation { get; set; }

    public DateTimeOffset ReservedAt { get; set; }

    /// <summary>The run's workspace and id once attached; null while only reserved.</summary>
    public string? WorkspaceId { get; set; }

    public string? RunId { get; set; }

    public bool Ended { get; set; }

    /// <summary>Input plus output tokens, as last read from the run.</summary>
    public long Tokens { get; set; }
}
