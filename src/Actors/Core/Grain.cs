using Vibe.Actors.Runtime;
using Vibe.Actors.Streams;

namespace Vibe.Actors;

/// <summary>
/// Base class of grains. A grain is a small sealed class whose constructor takes its services and
/// persistent states; the runtime calls its interface methods one turn at a time.
/// </summary>
public abstract class Grain : IAddressable
{
    protected Grain()
        : this(GrainActivation.Constructing ?? throw new InvalidOperationException("Grains are created by the runtime; use IGrainFactory.GetGrain to reach one."))
    {
    }

    protected Grain(IGrainContext grainContext)
    {
        GrainContext = grainContext;
    }

    /// <summary>This activation's runtime context.</summary>
    public IGrainContext GrainContext { get; }

    /// <summary>The grain's identity.</summary>
    public GrainId GrainId => GrainContext.GrainId;

    /// <summary>A string naming this grain for logs.</summary>
    public string IdentityString => GrainContext.GrainId.ToString();

    /// <summary>The activation's services.</summary>
    public IServiceProvider ServiceProvider => GrainContext.ActivationServices;

    /// <summary>A factory for references to other grains.</summary>
    protected IGrainFactory GrainFactory => Runtime.GrainFactory;

    private IActivationRuntime Runtime => (IActivationRuntime)GrainContext;

    /// <summary>Called after the grain's persistent states are read and before its first request.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Called before the activation is dropped: on idle collection, DeactivateOnIdle, or silo shutdown.</summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Deactivates this activation once the current request completes.</summary>
    protected void DeactivateOnIdle() => GrainContext.DeactivateOnIdle();

    /// <summary>Keeps this activation from being collected for at least <paramref name="timeSpan"/>.</summary>
    protected void DelayDeactivation(TimeSpan timeSpan) => GrainContext.DelayDeactivation(timeSpan);

    /// <summary>Registers a timer whose ticks run as turns of this activation (not interleaved unless the options say so).</summary>
    protected IGrainTimer RegisterGrainTimer<TState>(Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options) =>
        Runtime.RegisterGrainTimer(callback, state, options);

    /// <summary>Registers a timer whose ticks run as turns of this activation.</summary>
    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period) =>
        Runtime.RegisterGrainTimer(static (cb, ct) => cb(ct), callback, new GrainTimerCreationOptions(dueTime, period));

    /// <summary>Registers or updates a persistent reminder; the grain must implement <see cref="IRemindable"/>.</summary>
    protected Task<IGrainReminder> RegisterOrUpdateReminder(string reminderName, TimeSpan dueTime, TimeSpan period) =>
        Runtime.RegisterOrUpdateReminder(reminderName, dueTime, period);

    protected Task<IGrainReminder?> GetReminder(string reminderName) => Runtime.GetReminder(reminderName);

    protected Task<IReadOnlyList<IGrainReminder>> GetReminders() => Runtime.GetReminders();

    protected Task UnregisterReminder(IGrainReminder reminder) => Runtime.UnregisterReminder(reminder);

    /// <summary>The stream provider registered under <paramref name="name"/>.</summary>
    protected IStreamProvider GetStreamProvider(string name) => Runtime.GetStreamProvider(name);
}
