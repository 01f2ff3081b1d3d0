using Microsoft.CodeAnalysis;

namespace Vibe.Actors.CodeGen;

/// <summary>A diagnostic to report, held as plain values so the model that carries it stays equatable.</summary>
internal sealed record DiagnosticInfo(string DescriptorId, LocationInfo? Location, EquatableArray<string> MessageArguments)
{
    public static DiagnosticInfo Create(DiagnosticDescriptor descriptor, Location? location, params string[] messageArguments) =>
        new(descriptor.Id, LocationInfo.From(location), new EquatableArray<string>(messageArguments));

    public Diagnostic ToDiagnostic() =>
        Diagnostic.Create(
            GrainDiagnostics.ById(DescriptorId),
            Location?.ToLocation() ?? Microsoft.CodeAnalysis.Location.None,
            [.. MessageArguments]);
}
