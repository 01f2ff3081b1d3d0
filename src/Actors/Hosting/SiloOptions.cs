namespace Vibe.Actors.Hosting;

/// <summary>Identity of the silo and the service it belongs to.</summary>
public sealed class SiloOptions
{
    /// <summary>Names the service whose grain state, reminders and membership rows this silo shares (default "vibe").</summary>
    public string ServiceId { get; set; } = "vibe";

    /// <summary>A name for logs (default: the machine name).</summary>
    public string SiloName { get; set; } = Environment.MachineName;
}

/// <summary>Timeouts of grain calls.</summary>
public sealed class MessagingOptions
{
    /// <summary>How long a caller waits for a response before a <see cref="TimeoutException"/> (default 30 s).</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>When idle activations are collected.</summary>
public sealed class GrainCollectionOptions
{
    /// <summary>Idle time after which an activation is deactivated (default 15 min).</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often the collector looks for idle activations (default 1 min).</summary>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Collection age per grain type name, overriding <see cref="CollectionAge"/> and [CollectionAgeLimit].</summary>
    public Dictionary<string, TimeSpan> ClassSpecificCollectionAge { get; } = new(StringComparer.Ordinal);

    /// <summary>How long OnDeactivateAsync may take before the activation is dropped anyway (default 30 s).</summary>
    public TimeSpan DeactivationTimeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Limits of persistent reminders.</summary>
public sealed class ReminderOptions
{
    /// <summary>The shortest period a reminder may have (default 1 min; reminders are for coarse, durable schedules).</summary>
    public TimeSpan MinimumReminderPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>In a cluster, how often a silo re-reads the reminder table to pick up the reminders it owns (default 30 s).</summary>
    public TimeSpan RefreshPeriod { get; set; } = TimeSpan.FromSeconds(30);
}
