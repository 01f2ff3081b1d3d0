using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Vibe.Actors;

namespace Vibe.WebFront.Tests.Hubs;

/// <summary>
/// Makes chosen grain calls of the web front fail as they do when the silo hosting the grain is lost: with the
/// runtime's <see cref="SiloUnavailableException"/>, before the call reaches the grain or after the grain has done it
/// (the answer lost on the way back). Installed in place of the app's <see cref="IGrainFactory"/>, so the hubs and APIs
/// call the real grains through it; it counts the calls it sees.
/// </summary>
internal sealed class GrainFaults
{
    private readonly ConcurrentDictionary<(Type Grain, string Method), Fault> _faults = new();
    private readonly ConcurrentDictionary<(Type Grain, string Method), int> _calls = new();

    /// <summary>How a faulty call fails.</summary>
    public enum When
    {
        /// <summary>The call never reaches the grain.</summary>
        Before,

        /// <summary>The grain does the call; its answer is lost.</summary>
        After,
    }

    /// <summary>Replaces the app's grain factory with one whose calls go through <paramref name="faults"/>.</summary>
    public static void Install(IServiceCollection services, GrainFaults faults)
    {
        var original = services.Single(d => d.ServiceType == typeof(IGrainFactory));
        var create = original.ImplementationFactory ?? throw new InvalidOperationException("The grain factory is expected to be registered with a factory method.");
        services.Replace(ServiceDescriptor.Singleton<IGrainFactory>(provider => new FaultInjectingGrainFactory((IGrainFactory)create(provider), faults)));
    }

    /// <summary>The next <paramref name="times"/> calls of <typeparamref name="TGrain"/>.<paramref name="method"/> fail.</summary>
    public void Fail<TGrain>(string method, int times, When when = When.Before)
        where TGrain : IAddressable => _faults[(typeof(TGrain), method)] = new Fault(times, when);

    /// <summary>How many calls of <typeparamref name="TGrain"/>.<paramref name="method"/> were made through the app's grain factory.</summary>
    public int Calls<TGrain>(string method)
        where TGrain : IAddressable => _calls.GetValueOrDefault((typeof(TGrain), method));

    /// <summary>Whether calls through <paramref name="grain"/> may fail (and so need watching).</summary>
    public bool Watches(Type grain) => _faults.Keys.Any(k => k.Grain == grain);

    /// <summary>Counts a call; returns how it is to fail, or null when it goes through.</summary>
    public When? Next(Type grain, string method)
    {
        _calls.AddOrUpdate((grain, method), 1, static (_, count) => count + 1);
        while (_faults.TryGetValue((grain, method), out var fault) && fault.Remaining > 0)
        {
            if (_faults.TryUpdate((grain, method), fault with { Remaining = fault.Remaining - 1 }, fault))
            {
                return fault.When;
            }
        }

        return null;
    }

    private sealed record Fault(int Remaining, When When);
}
