using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Vibe.Actors.CodeGen.Tests;

/// <summary>
/// Each unsupported grain interface shape is reported as one error, on the member or parameter at fault, with a
/// message that says how to fix it; the interface then generates nothing, so ours is the only error.
/// Sample sources mark the expected location with [| and |].
/// </summary>
public sealed class DiagnosticTests
{
    private const string Usings = """
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Vibe.Actors;

        namespace MyApp;

        """;

    public static TheoryData<string, string, string[]> UnsupportedShapes => new()
    {
        {
            "VIBE001",
            "public interface IBadGrain : IGrainWithStringKey { int [|Count|](); }",
            ["'IBadGrain.Count'", "returns 'int'", "must return Task, Task<T>, ValueTask, ValueTask<T> or IAsyncEnumerable<T>", "'Task<int>'"]
        },
        {
            "VIBE001",
            "public interface IBadGrain : IGrainWithStringKey { void [|Fire|](string message); }",
            ["'IBadGrain.Fire'", "returns 'void'", "for example to 'Task'"]
        },
        {
            "VIBE002",
            "public interface IBadGrain : IGrainWithStringKey { Task Update(ref int [|value|]); }",
            ["Parameter 'value'", "'IBadGrain.Update'", "declared 'ref'", "remove the 'ref' modifier"]
        },
        {
            "VIBE002",
            "public interface IBadGrain : IGrainWithStringKey { Task Read(out string [|text|]); }",
            ["Parameter 'text'", "declared 'out'", "return any result from the method instead"]
        },
        {
            "VIBE002",
            "public interface IBadGrain : IGrainWithStringKey { Task Use(in Guid [|id|]); }",
            ["Parameter 'id'", "declared 'in'"]
        },
        {
            "VIBE003",
            "public interface IBadGrain : IGrainWithStringKey { Task<T> [|Echo|]<T>(T value); }",
            ["'IBadGrain.Echo' is generic", "cannot have type parameters", "use concrete parameter types"]
        },
        {
            "VIBE004",
            "public interface IBadGrain : IGrainWithStringKey { int [|Count|] { get; } }",
            ["'MyApp.IBadGrain' declares the property 'Count'", "may only declare methods", "'Task<int> GetCountAsync()'"]
        },
        {
            "VIBE004",
            "public interface IBadGrain : IGrainWithStringKey { string [|this|][int index] { get; } }",
            ["declares the indexer", "may only declare methods"]
        },
        {
            "VIBE004",
            "public interface IBadGrain : IGrainWithStringKey { event Action [|Changed|]; }",
            ["declares the event 'Changed'", "may only declare methods", "stream"]
        },
        {
            "VIBE005",
            "public interface [|IBoxGrain|]<T> : IGrainWithStringKey { Task<T> Get(); }",
            ["'MyApp.IBoxGrain<T>' is generic", "declare a non-generic interface for each type argument"]
        },
        {
            "VIBE005",
            "public class Holder<T> { public interface [|IHeldGrain|] : IGrainWithStringKey { Task Get(); } }",
            ["is generic", "nested in a generic type"]
        },
        {
            "VIBE006",
            "public interface IBadGrain : IGrainWithStringKey { [OneWay] Task<int> [|Get|](); }",
            ["'IBadGrain.Get' is marked [OneWay]", "returns 'System.Threading.Tasks.Task<int>'", "return Task or ValueTask, or remove [OneWay]"]
        },
        {
            "VIBE006",
            "public interface IBadGrain : IGrainWithStringKey { [OneWay] System.Collections.Generic.IAsyncEnumerable<int> [|Stream|](); }",
            ["is marked [OneWay]", "IAsyncEnumerable<int>"]
        },
        {
            "VIBE007",
            "public interface IBadGrain : IGrainWithStringKey { Task Run(string job, CancellationToken [|cancellationToken|]); }",
            ["Parameter 'cancellationToken'", "is a CancellationToken", "add an explicit cancel method"]
        },
        {
            "VIBE008",
            "public class Outer { private interface [|IHiddenGrain|] : IGrainWithStringKey { Task Ping(); } }",
            ["'MyApp.Outer.IHiddenGrain' is not accessible", "it is private", "make the interface public or internal"]
        },
        {
            "VIBE008",
            "public class Outer { protected interface [|IHiddenGrain|] : IGrainWithStringKey { Task Ping(); } }",
            ["it is protected"]
        },
        {
            "VIBE008",
            "file interface [|IFileGrain|] : IGrainWithStringKey { Task Ping(); }",
            ["it is file-local"]
        },
    };

    [Theory]
    [MemberData(nameof(UnsupportedShapes))]
    public void AnUnsupportedShapeIsReportedOnceWhereItIsDeclaredWithAFix(string id, string markup, string[] messageFragments)
    {
        var (source, expectedSpan) = ParseMarkup(Usings + markup);

        var run = GeneratorHarness.Run(source);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal(id, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
        Assert.Equal("Vibe.Actors", diagnostic.Descriptor.Category);
        Assert.Equal(expectedSpan, diagnostic.Location.SourceSpan);
        Assert.Equal("Sample0.cs", diagnostic.Location.GetLineSpan().Path);
        var message = diagnostic.GetMessage(CultureInfo.InvariantCulture);
        Assert.All(messageFragments, fragment => Assert.Contains(fragment, message, StringComparison.Ordinal));
        Assert.Empty(run.CompilationErrors);
        Assert.Empty(run.GeneratedSources);
    }

    [Fact]
    public void AMethodWithSeveralProblemsReportsEachOfThem()
    {
        var run = GeneratorHarness.Run(Usings + """
            public interface IBadGrain : IGrainWithStringKey
            {
                [OneWay] Task<int> Get(ref int value, CancellationToken cancellationToken);
            }
            """);

        Assert.Equal(["VIBE002", "VIBE006", "VIBE007"], run.GeneratorDiagnostics.Select(d => d.Id).Order(StringComparer.Ordinal));
        Assert.Empty(run.CompilationErrors);
    }

    [Fact]
    public void AProblemInAnInheritedGrainInterfaceIsReportedOnceWhereItIsDeclaredAndNeitherProxyIsGenerated()
    {
        var (source, expectedSpan) = ParseMarkup(Usings + """
            public interface IBaseGrain : IGrainWithStringKey { int [|Count|](); }

            public interface IDerivedGrain : IBaseGrain { Task Reset(); }
            """);

        var run = GeneratorHarness.Run(source);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("VIBE001", diagnostic.Id);
        Assert.Equal(expectedSpan, diagnostic.Location.SourceSpan);
        Assert.Empty(run.CompilationErrors);
        Assert.Empty(run.GeneratedSources);
    }

    [Fact]
    public void AProblemInheritedFromANonGrainInterfaceIsReportedOnTheGrainInterface()
    {
        var (source, expectedSpan) = ParseMarkup(Usings + """
            public interface INamed { string Name { get; } }

            public interface [|INamedGrain|] : IGrainWithStringKey, INamed { Task Ping(); }
            """);

        var run = GeneratorHarness.Run(source);

        var diagnostic = Assert.Single(run.GeneratorDiagnostics);
        Assert.Equal("VIBE004", diagnostic.Id);
        Assert.Equal(expectedSpan, diagnostic.Location.SourceSpan);
        Assert.Contains("'MyApp.INamedGrain' declares the property 'INamed.Name'", diagnostic.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Empty(run.CompilationErrors);
    }

    [Fact]
    public void AValidInterfaceIsStillGeneratedNextToAnInvalidOne()
    {
        var run = GeneratorHarness.Run(Usings + """
            public interface IBadGrain : IGrainWithStringKey { int Count(); }

            public interface IGoodGrain : IGrainWithStringKey { Task<int> Count(); }
            """);

        Assert.Equal("VIBE001", Assert.Single(run.GeneratorDiagnostics).Id);
        Assert.Empty(run.CompilationErrors);
        Assert.Contains("VibeGenerated.MyApp_IGoodGrain_Proxy.g.cs", run.GeneratedSources.Keys);
        Assert.DoesNotContain("VibeGenerated.MyApp_IBadGrain_Proxy.g.cs", run.GeneratedSources.Keys);
        Assert.DoesNotContain("IBadGrain", run.GeneratedSources["VibeGenerated.GrainRegistration.g.cs"], StringComparison.Ordinal);
    }

    private static (string Source, TextSpan Span) ParseMarkup(string markup)
    {
        var start = markup.IndexOf("[|", StringComparison.Ordinal);
        var end = markup.IndexOf("|]", StringComparison.Ordinal);
        var source = markup.Remove(end, 2).Remove(start, 2);
        return (source, TextSpan.FromBounds(start, end - 2));
    }
}
