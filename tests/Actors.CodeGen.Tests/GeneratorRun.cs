using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Vibe.Actors.CodeGen.Tests;

/// <summary>The outcome of one generator run: the updated compilation, the generator's diagnostics and what it added.</summary>
internal sealed record GeneratorRun(GeneratorDriver Driver, Compilation OutputCompilation, ImmutableArray<Diagnostic> GeneratorDiagnostics)
{
    public GeneratorRunResult Result => Driver.GetRunResult().Results.Single();

    /// <summary>Generated files by hint name.</summary>
    public IReadOnlyDictionary<string, string> GeneratedSources =>
        Result.GeneratedSources.ToDictionary(s => s.HintName, s => s.SourceText.ToString(), StringComparer.Ordinal);

    /// <summary>Compiler errors in the updated compilation (sample plus generated code).</summary>
    public IReadOnlyList<Diagnostic> CompilationErrors =>
        [.. OutputCompilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error)];
}
