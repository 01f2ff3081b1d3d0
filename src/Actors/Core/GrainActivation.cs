using Microsoft.Extensions.DependencyInjection;

namespace Vibe.Actors;

/// <summary>Helpers the generated grain factories call to fill constructor parameters.</summary>
public static class GrainActivation
{
    [ThreadStatic]
    private static IGrainContext? t_constructing;

    /// <summary>The context of the grain being constructed on this thread; read by the <see cref="Grain"/> base constructor.</summary>
    internal static IGrainContext? Constructing
    {
        get => t_constructing;
        set => t_constructing = value;
    }

    /// <summary>A required constructor dependency.</summary>
    public static T Service<T>(IGrainContext context)
        where T : notnull => context.ActivationServices.GetRequiredService<T>();

    /// <summary>An optional constructor dependency: the parameter's default when the service is not registered.</summary>
    public static T? OptionalService<T>(IGrainContext context, T? defaultValue) =>
        context.ActivationServices.GetService(typeof(T)) is T value ? value : defaultValue;

    /// <summary>A parameter marked with <see cref="PersistentStateAttribute"/>.</summary>
    public static IPersistentState<TState> PersistentState<TState>(IGrainContext context, string stateName, string? storageName) =>
        context.GetPersistentState<TState>(stateName, storageName);
}
