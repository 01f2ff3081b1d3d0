namespace Vibe.Actors;

/// <summary>The runtime side of one activation: its identity, services and lifecycle controls.</summary>
public interface IGrainContext
{
    /// <summary>The grain this activation serves.</summary>
    GrainId GrainId { get; }

    /// <summary>The grain instance, once constructed.</summary>
    object? GrainInstance { get; }

    /// <summary>Services for this activation: the silo's services plus <see cref="IGrainContext"/> itself.</summary>
    IServiceProvider ActivationServices { get; }

    /// <summary>Creates (once per state name) the persistent state a grain constructor asks for; it is read before OnActivateAsync.</summary>
    IPersistentState<TState> GetPersistentState<TState>(string stateName, string? storageName);

    /// <summary>Deactivates the activation once the current request completes.</summary>
    void DeactivateOnIdle();

    /// <summary>Keeps the activation from being collected for at least <paramref name="timeSpan"/>.</summary>
    void DelayDeactivation(TimeSpan timeSpan);
}
