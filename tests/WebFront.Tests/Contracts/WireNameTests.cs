using System.CodeDom.Compiler;
using System.Reflection;
using Orleans;

namespace Vibe.WebFront.Tests.Contracts;

/// <summary>
/// Orleans writes a type's name into grain calls, stream events (kept in Kafka) and exceptions, and a grain interface's
/// name into every call: its [Alias] if it has one, else its namespace-qualified name. Every such type of Vibe's
/// assemblies carries a unique alias that does not spell its namespace, so moving or renaming a type changes no name
/// on the wire or in storage.
/// </summary>
public sealed class WireNameTests
{
    /// <summary>Vibe's assemblies that declare grains, grain interfaces or serializable types (loaded by name: no type of theirs is needed).</summary>
    private static readonly string[] AssemblyNames =
        ["Vibe.Grains.Interfaces", "Vibe.Grains", "Vibe.Hosting", "Vibe.Streams.Kafka", "Vibe.WebFront"];

    [Fact]
    public void Every_serializable_type_and_grain_interface_has_an_alias_free_of_its_namespace()
    {
        var named = WireNamedTypes();

        Assert.Contains(named, type => type.Name == "IWorkspaceGrain");
        Assert.Contains(named, type => type.Name == "WorkspaceStatusChanged");
        Assert.Contains(named, type => type.Name == "KafkaBatchContainer");
        var missing = named.Where(type => AliasOf(type) is null).Select(type => type.FullName).ToList();
        Assert.True(missing.Count == 0, $"These types go over the wire without an [Alias] (add [Alias(\"Vibe.TypeName\")]): {string.Join(", ", missing)}");
        var namespaced = named.Where(type => AliasOf(type) is { } alias && (!alias.StartsWith("Vibe.", StringComparison.Ordinal) || alias.StartsWith(type.Namespace + ".", StringComparison.Ordinal)))
            .Select(type => $"{type.FullName} ({AliasOf(type)})")
            .ToList();
        Assert.True(namespaced.Count == 0, $"These aliases are not \"Vibe.\" + a name free of the type's namespace: {string.Join(", ", namespaced)}");
    }

    [Fact]
    public void No_two_types_share_an_alias()
    {
        var shared = WireNamedTypes()
            .Where(type => AliasOf(type) is not null)
            .GroupBy(type => AliasOf(type), StringComparer.Ordinal)
            .Where(group => group.Count() > 1)
            .Select(group => $"{group.Key}: {string.Join(", ", group.Select(type => type.FullName))}")
            .ToList();

        Assert.True(shared.Count == 0, $"Aliases must be unique across the cluster: {string.Join("; ", shared)}");
    }

    /// <summary>Types with [GenerateSerializer] and grain interfaces (grains and observers) declared in Vibe's code, not generated.</summary>
    private static List<Type> WireNamedTypes() =>
        AssemblyNames
            .SelectMany(name => Assembly.Load(name).GetTypes())
            .Where(type => type.GetCustomAttribute<GeneratedCodeAttribute>() is null)
            .Where(type => type.IsDefined(typeof(GenerateSerializerAttribute), inherit: false)
                || (type.IsInterface && typeof(IAddressable).IsAssignableFrom(type)))
            .ToList();

    private static string? AliasOf(Type type) => type.GetCustomAttribute<AliasAttribute>(inherit: false)?.Alias;
}
