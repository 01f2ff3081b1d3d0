using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Vibe.Actors.CodeGen;

/// <summary>Recognizes the Vibe.Actors types the generator cares about, by name, in any compilation.</summary>
internal static class GrainSymbols
{
    /// <summary>Fully qualified C# syntax, nullable annotations included, for signatures that must match the interface.</summary>
    public static readonly SymbolDisplayFormat TypeSyntax =
        SymbolDisplayFormat.FullyQualifiedFormat.AddMiscellaneousOptions(SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    /// <summary>Fully qualified C# syntax without nullable reference annotations, for type arguments with a notnull constraint.</summary>
    public static readonly SymbolDisplayFormat TypeSyntaxWithoutNullability = SymbolDisplayFormat.FullyQualifiedFormat;

    /// <summary>
    /// The name that goes into method ids and interface names: namespace-qualified, no <c>global::</c>, no keyword
    /// aliases, tuples and nullables expanded so tuple element names and <c>?</c> spellings cannot change an id.
    /// </summary>
    public static readonly SymbolDisplayFormat StableName = new(
        globalNamespaceStyle: SymbolDisplayGlobalNamespaceStyle.Omitted,
        typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
        genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
        miscellaneousOptions: SymbolDisplayMiscellaneousOptions.ExpandNullable | SymbolDisplayMiscellaneousOptions.ExpandValueTuple);

    public static bool IsGrainBaseClass(INamedTypeSymbol type) => IsActorsType(type, "Grain");

    /// <summary>IGrain, IGrainWithStringKey, IGrainWithGuidKey and IAddressable mark grains but are not grain interfaces themselves.</summary>
    public static bool IsMarkerInterface(INamedTypeSymbol type) =>
        IsActorsType(type, "IAddressable")
        || IsActorsType(type, "IGrain")
        || IsActorsType(type, "IGrainWithStringKey")
        || IsActorsType(type, "IGrainWithGuidKey");

    /// <summary>An interface that derives, directly or not, from <c>Vibe.Actors.IGrain</c> and is not one of the markers.</summary>
    public static bool IsGrainInterface(INamedTypeSymbol type) =>
        type.TypeKind == TypeKind.Interface
        && !IsMarkerInterface(type)
        && type.AllInterfaces.Any(static i => IsActorsType(i, "IGrain"));

    public static bool DerivesFromGrain(INamedTypeSymbol type)
    {
        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (IsGrainBaseClass(current))
            {
                return true;
            }
        }

        return false;
    }

    public static bool IsActorsType(ITypeSymbol type, string name) =>
        type.Name == name
        && type.ContainingType is null
        && type.ContainingNamespace is { Name: "Actors", ContainingNamespace: { Name: "Vibe", ContainingNamespace.IsGlobalNamespace: true } };

    public static AttributeData? FindAttribute(ISymbol symbol, string attributeName)
    {
        foreach (var attribute in symbol.GetAttributes())
        {
            if (attribute.AttributeClass is { } attributeClass && IsActorsType(attributeClass, attributeName))
            {
                return attribute;
            }
        }

        return null;
    }

    public static bool HasAttribute(ISymbol symbol, string attributeName) => FindAttribute(symbol, attributeName) is not null;

    /// <summary>True for a generic type, or a type nested in one: generated code cannot name either without type arguments.</summary>
    public static bool IsOrIsNestedInGenericType(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            if (current.IsGenericType)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Why generated code in another namespace of the same assembly cannot name <paramref name="type"/>; null when it can.</summary>
    public static string? FindInaccessibility(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.ContainingType)
        {
            var subject = SymbolEqualityComparer.Default.Equals(current, type) ? "it" : $"its containing type '{current.Name}'";
            if (current.IsFileLocal)
            {
                return $"{subject} is file-local";
            }

            switch (current.DeclaredAccessibility)
            {
                case Accessibility.Private:
                    return $"{subject} is private";
                case Accessibility.Protected:
                    return $"{subject} is protected";
                case Accessibility.ProtectedAndInternal:
                    return $"{subject} is private protected";
            }
        }

        return null;
    }

    /// <summary>The name as a C# identifier: keywords get an <c>@</c> prefix.</summary>
    public static string EscapeIdentifier(string name) =>
        SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

    public static bool IsInSource(ISymbol symbol) => symbol.Locations.Any(static l => l.IsInSource);
}
