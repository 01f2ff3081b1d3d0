using System;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Vibe.Actors.CodeGen;

/// <summary>
/// Generates, for the grain interfaces and grain classes declared in a compilation, the proxies, the request
/// classes and the module initializer that registers them with <c>GeneratedCodeRegistry</c>, so the runtime
/// needs no reflection to call a grain.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class GrainProxyGenerator : IIncrementalGenerator
{
    /// <summary>Tracking name of the step that produces one model per grain interface.</summary>
    public const string GrainInterfacesStep = "GrainInterfaces";

    /// <summary>Tracking name of the step that produces one model per grain class.</summary>
    public const string GrainClassesStep = "GrainClasses";

    /// <summary>Tracking name of the step that produces the module initializer's model.</summary>
    public const string RegistrationStep = "Registration";

    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        var interfaces = context.SyntaxProvider
            .CreateSyntaxProvider(GrainInterfaceParser.IsCandidate, GrainInterfaceParser.Parse)
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(GrainInterfacesStep);

        var grains = context.SyntaxProvider
            .CreateSyntaxProvider(GrainClassParser.IsCandidate, GrainClassParser.Parse)
            .Where(static model => model is not null)
            .Select(static (model, _) => model!)
            .WithTrackingName(GrainClassesStep);

        var registration = interfaces
            .Where(static model => model.IsValid)
            .Collect()
            .Combine(grains.Collect())
            .Select(static (pair, _) => new RegistrationModel(
                new EquatableArray<GrainInterfaceModel>([.. pair.Left.OrderBy(static i => i.FullName, StringComparer.Ordinal)]),
                new EquatableArray<GrainClassModel>([.. pair.Right.OrderBy(static g => g.TypeSyntax, StringComparer.Ordinal)])))
            .WithTrackingName(RegistrationStep);

        context.RegisterSourceOutput(interfaces, static (output, model) =>
        {
            foreach (var diagnostic in model.Diagnostics)
            {
                output.ReportDiagnostic(diagnostic.ToDiagnostic());
            }

            if (model.IsValid)
            {
                output.AddSource(ProxyEmitter.HintName(model), ProxyEmitter.Emit(model));
            }
        });

        context.RegisterSourceOutput(registration, static (output, model) =>
        {
            if (!model.IsEmpty)
            {
                output.AddSource(RegistrationEmitter.HintName, RegistrationEmitter.Emit(model));
            }
        });
    }
}
