using Vibe.Actors.Streams;

namespace Vibe.Actors.Runtime;

/// <summary>What the <see cref="Grain"/> base class needs from its activation, beyond <see cref="IGrainContext"/>.</summary>
internal interface IActivationRuntime : IGrainContext
{
    IGrainFactory GrainFactory { get; }

    IGrainTimer RegisterGrainTimer<TState>(Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options);

    Task<IGrainReminder> RegisterOrUpdateReminder(string reminderName, TimeSpan dueTime, TimeSpan period);

    Task<IGrainReminder?> GetReminder(string reminderName);

    Task<IReadOnlyList<IGrainReminder>> GetReminders();

    Task UnregisterReminder(IGrainReminder reminder);

    IStreamProvider GetStreamProvider(string name);
}
