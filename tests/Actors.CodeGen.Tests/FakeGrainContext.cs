namespace Vibe.Actors.CodeGen.Tests;

/// <summary>A grain context whose services are a fixed table, for calling generated grain factories directly.</summary>
internal sealed class FakeGrainContext(GrainId grainId, IReadOnlyDictionary<Type, object> services) : IGrainContext, IServiceProvider
{
    public GrainId GrainId { get; } = grainId;

    public object? GrainInstance => null;

    public IServiceProvider ActivationServices => this;

    /// <summary>The persistent states the factory asked for, with the storage name it passed.</summary>
    public List<(string StateName, string? StorageName)> RequestedStates { get; } = [];

    public object? GetService(Type serviceType) =>
        serviceType == typeof(IGrainContext) ? this : services.GetValueOrDefault(serviceType);

    public IPersistentState<TState> GetPersistentState<TState>(string stateName, string? storageName)
    {
        RequestedStates.Add((stateName, storageName));
        return new FakePersistentState<TState>(default!);
    }

    public void DeactivateOnIdle()
    {
    }

    public void DelayDeactivation(TimeSpan timeSpan)
    {
    }
}
