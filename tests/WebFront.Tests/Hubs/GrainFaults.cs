using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;

namespace Vibe.WebFront.Tests.Hubs;

/// <summary>
/// Makes chosen grain calls of the web front fail as they do when the cluster changes under them, with the exceptions
/// Orleans itself throws then: the silo hosting the grain is gone (<see cref="SiloUnavailableException"/>) or the message
/// was rejected (<see cref="OrleansMessageRejectionException"/>) before the call reached the grain, or the grain did the
/// call and its answer never came back (<see cref="TimeoutException"/>). An outgoing grain call filter of the app's silo,
/// so the hubs and APIs call the real grains through it; it counts the calls of the methods it was told to fail.
/// </summary>
internal sealed class GrainFaults : IOutgoingGrainCallFilter
{
    private readonly ConcurrentDictionary<(Type Grain, string Method), Fault> _faults = new();
    private readonly ConcurrentDictionary<(Type Grain, string Method), int> _calls = new();

    /// <summary>How a faulty call fails.</summary>
    public enum When
    {
        /// <summary>The call never reaches the grain: its silo is unavailable.</summary>
        Before,

        /// <summary>The call never reaches the grain: the message is rejected on the way.</summary>
        Rejected,

        /// <summary>The grain does the call; its answer is lost and the caller times out.</summary>
        After,
    }

    /// <summary>Adds <paramref name="faults"/> to the app's outgoing grain call filters.</summary>
    public static void Install(IServiceCollection services, GrainFaults faults) => services.AddSingleton<IOutgoingGrainCallFilter>(faults);

    /// <summary>The next <paramref name="times"/> calls of <typeparamref name="TGrain"/>.<paramref name="method"/> fail.</summary>
    public void Fail<TGrain>(string method, int times, When when = When.Before)
        where TGrain : IAddressable => _faults[(typeof(TGrain), method)] = new Fault(times, when);

    /// <summary>How many calls of <typeparamref name="TGrain"/>.<paramref name="method"/> (one told to fail) the app made.</summary>
    public int Calls<TGrain>(string method)
        where TGrain : IAddressable => _calls.GetValueOrDefault((typeof(TGrain), method));

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        var method = context.InterfaceMethod?.Name ?? context.MethodName;
        var watched = _faults.Keys.FirstOrDefault(key => key.Method == method && key.Grain.IsInstanceOfType(context.Grain));
        if (watched.Grain is null)
        {
            await context.Invoke();
            return;
        }

        _calls.AddOrUpdate(watched, 1, static (_, count) => count + 1);
        var when = Next(watched);
        switch (when)
        {
            case When.Before:
                throw new SiloUnavailableException($"(injected by the test) The silo hosting this {watched.Grain.Name} is unavailable; {method} got no answer.");
            case When.Rejected:
                throw Rejection($"(injected by the test) The message of {watched.Grain.Name}.{method} was rejected.");
            case When.After:
                await context.Invoke();
                throw new TimeoutException($"(injected by the test) {watched.Grain.Name}.{method} was done, but its answer did not arrive in time.");
            default:
                await context.Invoke();
                return;
        }
    }

    /// <summary>Orleans only makes these itself (its constructors are not public); the test makes one the same way.</summary>
    private static OrleansMessageRejectionException Rejection(string message) =>
        (OrleansMessageRejectionException)Activator.CreateInstance(
            typeof(OrleansMessageRejectionException), BindingFlags.Instance | BindingFlags.NonPublic, binder: null, [message], culture: null)!;

    /// <summary>Takes one failure of <paramref name="key"/>, or null when it has none left.</summary>
    private When? Next((Type Grain, string Method) key)
    {
        while (_faults.TryGetValue(key, out var fault) && fault.Remaining > 0)
        {
            if (_faults.TryUpdate(key, fault with { Remaining = fault.Remaining - 1 }, fault))
            {
                return fault.When;
            }
        }

        return null;
    }

    private sealed record Fault(int Remaining, When When);
}
