using System.Collections.Concurrent;

namespace Vibe.Actors.Runtime;

/// <summary>The silo's activations, by grain id. At most one activation per grain exists in the catalog at a time.</summary>
internal sealed class Catalog(SiloRuntime silo)
{
    private readonly ConcurrentDictionary<GrainId, ActivationData> _activations = new();

    public int Count => _activations.Count;

    public ICollection<ActivationData> Activations => _activations.Values;

    public bool TryGet(GrainId grainId, out ActivationData? activation) => _activations.TryGetValue(grainId, out activation);

    /// <summary>The activation of <paramref name="grainId"/>, created and started if there is none.</summary>
    public ActivationData GetOrCreate(GrainId grainId)
    {
        if (_activations.TryGetValue(grainId, out var existing))
        {
            return existing;
        }

        if (!silo.IsAcceptingActivations)
        {
            throw new SiloUnavailableException($"Silo {silo.SiloName} is shutting down and does not create new activations (grain {grainId}).");
        }

        var grainClass = silo.TypeResolver.FindClass(grainId.Type)
            ?? throw new GrainTypeNotFoundException($"Grain type '{grainId.Type}' (grain {grainId}) is not registered in silo {silo.SiloName}.");
        var created = new ActivationData(grainId, grainClass, silo);
        var actual = _activations.GetOrAdd(grainId, created);
        if (ReferenceEquals(actual, created))
        {
            created.Start();
        }

        return actual;
    }

    /// <summary>Adds a system target: an always-active, reentrant activation whose instance already exists.</summary>
    public void AddSystemTarget(GrainId grainId, object instance, Type grainInterface)
    {
        var info = new Invocation.GrainClassInfo(instance.GetType(), grainId.Type, [grainInterface], _ => instance, IsReentrant: true, Timeout.InfiniteTimeSpan);
        var activation = new ActivationData(grainId, info, silo);
        if (!_activations.TryAdd(grainId, activation))
        {
            throw new InvalidOperationException($"System target {grainId} is already registered.");
        }

        activation.Start();
    }

    public void Remove(ActivationData activation) =>
        _activations.TryRemove(KeyValuePair.Create(activation.GrainId, activation));

    public long TotalQueueLength()
    {
        long total = 0;
        foreach (var activation in _activations.Values)
        {
            total += activation.QueueLength;
        }

        return total;
    }
}
