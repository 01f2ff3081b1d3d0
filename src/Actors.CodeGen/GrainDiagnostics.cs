using System;
using Microsoft.CodeAnalysis;

namespace Vibe.Actors.CodeGen;

/// <summary>The errors the generator reports for grain interfaces it cannot turn into proxies.</summary>
internal static class GrainDiagnostics
{
    private const string Category = "Vibe.Actors";

    public static readonly DiagnosticDescriptor UnsupportedReturnType = Create(
        "VIBE001",
        "Unsupported grain method return type",
        "Grain method '{0}' returns '{1}', but grain methods must return Task, Task<T>, ValueTask, ValueTask<T> or IAsyncEnumerable<T>; change the return type, for example to '{2}'");

    public static readonly DiagnosticDescriptor ByRefParameter = Create(
        "VIBE002",
        "Grain method parameter passed by reference",
        "Parameter '{0}' of grain method '{1}' is declared '{2}', but grain calls copy their arguments and cannot pass them by reference; remove the '{2}' modifier and return any result from the method instead");

    public static readonly DiagnosticDescriptor GenericMethod = Create(
        "VIBE003",
        "Generic grain method",
        "Grain method '{0}' is generic, but grain methods cannot have type parameters; use concrete parameter types, or declare one method per type");

    public static readonly DiagnosticDescriptor NonMethodMember = Create(
        "VIBE004",
        "Grain interface member is not a method",
        "Grain interface '{0}' declares the {1} '{2}', but grain interfaces may only declare methods; replace it with {3}");

    public static readonly DiagnosticDescriptor GenericInterface = Create(
        "VIBE005",
        "Generic grain interface",
        "Grain interface '{0}' is generic, but grain interfaces cannot have type parameters (or be nested in a generic type); declare a non-generic interface for each type argument");

    public static readonly DiagnosticDescriptor OneWayWithResult = Create(
        "VIBE006",
        "One-way grain method returns a value",
        "Grain method '{0}' is marked [OneWay] but returns '{1}'; a one-way caller never receives a result, so return Task or ValueTask, or remove [OneWay]");

    public static readonly DiagnosticDescriptor CancellationTokenParameter = Create(
        "VIBE007",
        "CancellationToken parameter in grain method",
        "Parameter '{0}' of grain method '{1}' is a CancellationToken, which cannot be sent to a grain yet; remove it and add an explicit cancel method to the grain interface instead (for example 'Task CancelAsync(string operationId)')");

    public static readonly DiagnosticDescriptor InaccessibleInterface = Create(
        "VIBE008",
        "Grain interface is not accessible to generated code",
        "Grain interface '{0}' is not accessible to the generated proxy because {1}; make the interface public or internal and do not nest it in a private, protected or file-local type");

    /// <summary>The descriptor with <paramref name="id"/>; models carry only the id so they stay equatable.</summary>
    public static DiagnosticDescriptor ById(string id) => id switch
    {
        "VIBE001" => UnsupportedReturnType,
        "VIBE002" => ByRefParameter,
        "VIBE003" => GenericMethod,
        "VIBE004" => NonMethodMember,
        "VIBE005" => GenericInterface,
        "VIBE006" => OneWayWithResult,
        "VIBE007" => CancellationTokenParameter,
        "VIBE008" => InaccessibleInterface,
        _ => throw new ArgumentOutOfRangeException(nameof(id), id, "Unknown diagnostic id."),
    };

    private static DiagnosticDescriptor Create(string id, string title, string messageFormat) =>
        new(id, title, messageFormat, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
}
