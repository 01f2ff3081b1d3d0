namespace Vibe.Actors.CodeGen;

/// <summary>A grain interface declared in source: its proxy's shape, or the diagnostics that prevent one.</summary>
/// <param name="FullName">The interface's full name without <c>global::</c>, used as the registered interface name.</param>
/// <param name="TypeSyntax">The interface as fully qualified C# type syntax.</param>
/// <param name="ProxyName">The generated proxy class name in the <c>VibeGenerated</c> namespace.</param>
/// <param name="Methods">The interface's methods, inherited ones included; empty when the interface has errors.</param>
/// <param name="IsValid">False when a diagnostic prevents generating the proxy.</param>
internal sealed record GrainInterfaceModel(
    string FullName,
    string TypeSyntax,
    string ProxyName,
    EquatableArray<GrainMethodModel> Methods,
    EquatableArray<DiagnosticInfo> Diagnostics,
    bool IsValid);
