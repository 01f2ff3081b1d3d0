namespace Vibe.Actors.Reminders;

/// <summary>One row of the reminder table.</summary>
public sealed record ReminderEntry
{
    public required GrainId GrainId { get; init; }

    public required string ReminderName { get; init; }

    /// <summary>When the first tick is due (UTC).</summary>
    public required DateTime StartAt { get; init; }

    public required TimeSpan Period { get; init; }

    /// <summary>The row's version tag; null for a row not yet written.</summary>
    public string? ETag { get; init; }
}
