using System.Collections.Concurrent;
using System.Reflection;
using Vibe.Actors.Invocation;

namespace Vibe.Actors.Runtime;

/// <summary>Maps grain type names to grain classes and grain interfaces to the class that implements them.</summary>
internal sealed class GrainTypeResolver
{
    private readonly ConcurrentDictionary<string, GrainClassInfo> _byTypeName = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(Type Interface, string? Prefix), string> _byInterface = new();
    private readonly object _scanLock = new();
    private int _scannedCount = -1;

    /// <summary>Runs the module initializers of the grain assemblies loaded in this process, so their classes are registered.</summary>
    public static void RegisterLoadedAssemblies(IEnumerable<Assembly> explicitAssemblies)
    {
        var actorsName = typeof(Grain).Assembly.GetName().Name;
        foreach (var assembly in explicitAssemblies.Concat(AppDomain.CurrentDomain.GetAssemblies()).Distinct())
        {
            if (assembly.IsDynamic)
            {
                continue;
            }

            if (assembly == typeof(Grain).Assembly || assembly.GetReferencedAssemblies().Any(r => r.Name == actorsName))
            {
                GeneratedCodeRegistry.EnsureRegistered(assembly);
            }
        }
    }

    public IReadOnlyCollection<GrainClassInfo> Classes
    {
        get
        {
            Refresh();
            return (IReadOnlyCollection<GrainClassInfo>)_byTypeName.Values;
        }
    }

    public GrainClassInfo? FindClass(string grainType)
    {
        if (_byTypeName.TryGetValue(grainType, out var info))
        {
            return info;
        }

        Refresh();
        return _byTypeName.GetValueOrDefault(grainType);
    }

    /// <summary>The grain type that serves <paramref name="interfaceType"/>: its only implementation, or the one whose full name starts with <paramref name="prefix"/>.</summary>
    public string ResolveGrainType(Type interfaceType, string? prefix)
    {
        if (_byInterface.TryGetValue((interfaceType, prefix), out var cached))
        {
            return cached;
        }

        GeneratedCodeRegistry.EnsureRegistered(interfaceType.Assembly);
        Refresh();
        var candidates = _byTypeName.Values
            .Where(c => c.Interfaces.Contains(interfaceType) && (prefix is null || (c.GrainClass.FullName ?? c.GrainClass.Name).StartsWith(prefix, StringComparison.Ordinal)))
            .ToList();
        var resolved = candidates.Count switch
        {
            1 => candidates[0].GrainType,
            0 => throw new GrainTypeNotFoundException(prefix is null
                ? $"No grain class implements {interfaceType.FullName}. Is the grain's assembly loaded, and does its project reference Vibe.Actors.CodeGen as an analyzer?"
                : $"No grain class implementing {interfaceType.FullName} has a full name starting with '{prefix}'."),
            _ => throw new GrainTypeNotFoundException(
                $"Several grain classes implement {interfaceType.FullName} ({string.Join(", ", candidates.Select(c => c.GrainClass.FullName))}); pass grainClassNamePrefix to choose one."),
        };
        _byInterface[(interfaceType, prefix)] = resolved;
        return resolved;
    }

    private void Refresh()
    {
        var classes = GeneratedCodeRegistry.GrainClasses;
        if (classes.Count == _scannedCount)
        {
            return;
        }

        lock (_scanLock)
        {
            foreach (var info in classes)
            {
                var existing = _byTypeName.GetOrAdd(info.GrainType, info);
                if (existing.GrainClass != info.GrainClass)
                {
                    throw new InvalidOperationException(
                        $"Grain classes {existing.GrainClass.FullName} and {info.GrainClass.FullName} both use the grain type name '{info.GrainType}'; give one a [GrainType(\"...\")].");
                }
            }

            _scannedCount = classes.Count;
        }
    }
}
