using System.Diagnostics.CodeAnalysis;

namespace Vibe.Actors.Runtime;

/// <summary>Makes the empty state a grain sees before anything was stored: a new instance when the type has a parameterless constructor.</summary>
internal static class StateFactory<TState>
{
    private static readonly bool HasDefaultConstructor = typeof(TState).IsValueType || typeof(TState).GetConstructor(Type.EmptyTypes) is not null;

    [UnconditionalSuppressMessage("Trimming", "IL2091", Justification = "Grain state types are kept by the grain code that names them.")]
    public static TState Create() => HasDefaultConstructor ? Activator.CreateInstance<TState>() : default!;
}
