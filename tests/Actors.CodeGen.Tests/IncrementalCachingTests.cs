using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Vibe.Actors.CodeGen.Tests;

/// <summary>The generator runs on every keystroke in an IDE; edits that do not touch grains must not redo its work.</summary>
public sealed class IncrementalCachingTests
{
    private const string Grains = """
        using System.Threading.Tasks;
        using Vibe.Actors;

        namespace MyApp;

        public interface ICounterGrain : IGrainWithStringKey
        {
            Task<int> Add(int amount);
        }

        public sealed class CounterGrain(IGrainContext context) : Grain(context), ICounterGrain
        {
            public Task<int> Add(int amount) => Task.FromResult(amount);
        }
        """;

    private const string Unrelated = """
        namespace MyApp;

        public sealed class Formatter
        {
            public string Format(int value) => value.ToString();
        }
        """;

    private static readonly string[] ModelSteps =
        [GrainProxyGenerator.GrainInterfacesStep, GrainProxyGenerator.GrainClassesStep, GrainProxyGenerator.RegistrationStep];

    [Fact]
    public void AnEditToAnotherFileLeavesEveryModelStepCached()
    {
        var compilation = GeneratorHarness.CreateCompilation(Grains, Unrelated);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var edited = ReplaceSource(compilation, 1, Unrelated.Replace("ToString()", "ToString(\"N0\")", StringComparison.Ordinal));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        AssertAllOutputsReused(result);
    }

    [Fact]
    public void AnEditThatDoesNotChangeAGrainsShapeLeavesEveryModelStepCached()
    {
        var compilation = GeneratorHarness.CreateCompilation(Grains);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        // Changing a grain method's body and adding a comment re-parses the file but yields equal models.
        var edited = ReplaceSource(
            compilation,
            0,
            Grains.Replace("Task.FromResult(amount)", "Task.FromResult(amount * 2) // doubled", StringComparison.Ordinal));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        AssertAllOutputsReused(result);
    }

    [Fact]
    public void AnEditToAGrainInterfaceProducesAModifiedModel()
    {
        var compilation = GeneratorHarness.CreateCompilation(Grains);
        var driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        var edited = ReplaceSource(compilation, 0, Grains.Replace("Task<int> Add(int amount);", "Task<int> Add(long amount);", StringComparison.Ordinal));
        var result = driver.RunGenerators(edited).GetRunResult().Results.Single();

        var reasons = result.TrackedSteps[GrainProxyGenerator.GrainInterfacesStep].SelectMany(step => step.Outputs).Select(output => output.Reason);
        Assert.Contains(IncrementalStepRunReason.Modified, reasons);
    }

    private static Compilation ReplaceSource(Compilation compilation, int index, string newSource)
    {
        var oldTree = compilation.SyntaxTrees.ElementAt(index);
        return compilation.ReplaceSyntaxTree(oldTree, CSharpSyntaxTree.ParseText(newSource, GeneratorHarness.ParseOptions, oldTree.FilePath));
    }

    private static void AssertAllOutputsReused(GeneratorRunResult result)
    {
        foreach (var stepName in ModelSteps)
        {
            Assert.True(result.TrackedSteps.TryGetValue(stepName, out var steps), $"The step '{stepName}' did not run.");
            var outputs = steps.SelectMany(step => step.Outputs).ToList();
            Assert.NotEmpty(outputs);
            Assert.All(outputs, output => Assert.True(
                output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                $"Step '{stepName}' produced a {output.Reason} output: {output.Value}"));
        }

        Assert.All(
            result.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(step => step.Outputs),
            output => Assert.True(output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged));
    }
}
