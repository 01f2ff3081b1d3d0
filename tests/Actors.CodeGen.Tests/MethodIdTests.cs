using Vibe.Actors.Invocation;

namespace Vibe.Actors.CodeGen.Tests;

/// <summary>Method ids travel between silos built separately, so they must depend on the signature alone.</summary>
public sealed class MethodIdTests
{
    private const string CounterInterface = """
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Vibe.Actors;

        namespace MyApp;

        public interface ICounterGrain : IGrainWithStringKey
        {
            Task<int> Add(int amount);
            Task Add(string label, List<int> values);
            Task<int> Get();
        }
        """;

    [Fact]
    public void AMethodIdIsFnv1aOfTheInterfaceNameMethodNameAndFullyQualifiedParameterTypes()
    {
        var methods = MethodsByName(GeneratorHarness.CompileAndLoad(CounterInterface), "MyApp.ICounterGrain");

        Assert.Contains(Fnv1a("MyApp.ICounterGrain.Add(System.Int32)"), methods.Keys);
        Assert.Contains(Fnv1a("MyApp.ICounterGrain.Add(System.String,System.Collections.Generic.List<System.Int32>)"), methods.Keys);
        Assert.Contains(Fnv1a("MyApp.ICounterGrain.Get()"), methods.Keys);
        Assert.All(methods, pair => Assert.Equal(pair.Key, pair.Value.MethodId));
    }

    [Fact]
    public void OverloadsGetDifferentIds()
    {
        var methods = MethodsByName(GeneratorHarness.CompileAndLoad(CounterInterface), "MyApp.ICounterGrain");

        var addIds = methods.Values.Where(r => r.MethodName == "Add").Select(r => r.MethodId).ToList();
        Assert.Equal(2, addIds.Count);
        Assert.Equal(2, addIds.Distinct().Count());
    }

    [Fact]
    public void TwoSeparateBuildsGenerateTheSameIds()
    {
        var first = GeneratorHarness.Run(CounterInterface).GeneratedSources;
        var second = GeneratorHarness.Run(CounterInterface).GeneratedSources;

        Assert.Equal(first, second);
        Assert.Contains($"0x{Fnv1a("MyApp.ICounterGrain.Get()"):X8}u", first["VibeGenerated.MyApp_ICounterGrain_Proxy.g.cs"], StringComparison.Ordinal);
    }

    [Fact]
    public void NullableAnnotationsAndTupleElementNamesDoNotChangeAnId()
    {
        var annotated = MethodsByName(GeneratorHarness.CompileAndLoad("""
            using System.Threading.Tasks;
            using Vibe.Actors;

            namespace MyApp;

            public interface IShapesGrain : IGrainWithStringKey { Task Put(string? name, (int Low, int High) range, int? limit); }
            """), "MyApp.IShapesGrain");

        var plain = MethodsByName(GeneratorHarness.CompileAndLoad("""
            using System;
            using System.Threading.Tasks;
            using Vibe.Actors;

            namespace MyApp;

            public interface IShapesGrain : IGrainWithStringKey { Task Put(string name, ValueTuple<int, int> range, Nullable<int> limit); }
            """), "MyApp.IShapesGrain");

        Assert.Equal(
            Fnv1a("MyApp.IShapesGrain.Put(System.String,System.ValueTuple<System.Int32, System.Int32>,System.Nullable<System.Int32>)"),
            Assert.Single(annotated.Keys));
        Assert.Equal(annotated.Keys, plain.Keys);
    }

    private static Dictionary<uint, Request> MethodsByName(System.Reflection.Assembly assembly, string interfaceName)
    {
        var interfaceType = assembly.GetType(interfaceName, throwOnError: true)!;
        var info = GeneratedCodeRegistry.FindInterface(interfaceType);
        Assert.NotNull(info);
        return info.Methods.ToDictionary(pair => pair.Key, pair => pair.Value());
    }

    /// <summary>The reference definition: FNV-1a, 32-bit, over UTF-16 code units.</summary>
    private static uint Fnv1a(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return hash;
    }
}
