using System.Collections.Concurrent;

namespace Vibe.Actors.Invocation;

/// <summary>Creates a proxy for one grain interface.</summary>
public delegate GrainReference ProxyFactory(IGrainReferenceRuntime runtime, GrainId grainId);

/// <summary>Creates a grain instance for an activation: resolves services and persistent states from the context.</summary>
public delegate object GrainFactoryMethod(IGrainContext context);

/// <summary>A grain interface known to the runtime.</summary>
public sealed record GrainInterfaceInfo(Type InterfaceType, string InterfaceName, ProxyFactory ProxyFactory, IReadOnlyDictionary<uint, Func<Request>> Methods);

/// <summary>A grain class known to the runtime.</summary>
public sealed record GrainClassInfo(
    Type GrainClass,
    string GrainType,
    IReadOnlyList<Type> Interfaces,
    GrainFactoryMethod Factory,
    bool IsReentrant,
    TimeSpan? CollectionAge);

/// <summary>
/// The process-wide table the generated code fills from module initializers: which grain interfaces and
/// classes exist, how to make their proxies and instances, and how to make an empty request for a method id.
/// Nothing here uses reflection; the runtime reads it when it starts.
/// </summary>
public static class GeneratedCodeRegistry
{
    private static readonly ConcurrentDictionary<Type, GrainInterfaceInfo> InterfacesByType = new();
    private static readonly ConcurrentDictionary<string, GrainInterfaceInfo> InterfacesByName = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<Type, GrainClassInfo> ClassesByType = new();

    /// <summary>Called by generated code for each grain interface.</summary>
    public static void RegisterInterface(Type interfaceType, string interfaceName, ProxyFactory proxyFactory, IReadOnlyDictionary<uint, Func<Request>> methods)
    {
        var info = new GrainInterfaceInfo(interfaceType, interfaceName, proxyFactory, methods);
        InterfacesByType[interfaceType] = info;
        InterfacesByName[interfaceName] = info;
    }

    /// <summary>Called by generated code for each non-abstract grain class.</summary>
    public static void RegisterGrain(Type grainClass, string grainType, Type[] interfaces, GrainFactoryMethod factory, bool isReentrant, TimeSpan? collectionAge) =>
        ClassesByType[grainClass] = new GrainClassInfo(grainClass, grainType, interfaces, factory, isReentrant, collectionAge);

    /// <summary>Makes sure the module initializer of <paramref name="assembly"/> has run, so its grains are registered.</summary>
    public static void EnsureRegistered(System.Reflection.Assembly assembly) =>
        System.Runtime.CompilerServices.RuntimeHelpers.RunModuleConstructor(assembly.ManifestModule.ModuleHandle);

    public static GrainInterfaceInfo? FindInterface(Type interfaceType)
    {
        if (InterfacesByType.TryGetValue(interfaceType, out var info))
        {
            return info;
        }

        EnsureRegistered(interfaceType.Assembly);
        return InterfacesByType.GetValueOrDefault(interfaceType);
    }

    public static GrainInterfaceInfo? FindInterface(string interfaceName) => InterfacesByName.GetValueOrDefault(interfaceName);

    public static IReadOnlyCollection<GrainClassInfo> GrainClasses => (IReadOnlyCollection<GrainClassInfo>)ClassesByType.Values;

    public static GrainClassInfo? FindGrainClass(Type grainClass)
    {
        if (ClassesByType.TryGetValue(grainClass, out var info))
        {
            return info;
        }

        EnsureRegistered(grainClass.Assembly);
        return ClassesByType.GetValueOrDefault(grainClass);
    }
}
