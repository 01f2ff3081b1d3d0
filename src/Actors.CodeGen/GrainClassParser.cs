using System;
using System.Globalization;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Vibe.Actors.CodeGen;

/// <summary>Turns a class declaration into a <see cref="GrainClassModel"/> when it declares a grain the runtime can create.</summary>
internal static class GrainClassParser
{
    private const string GrainSuffix = "Grain";

    /// <summary>Cheap syntactic filter: a grain class has a base list, or is partial and may have one in another part.</summary>
    public static bool IsCandidate(SyntaxNode node, CancellationToken cancellationToken) =>
        node is ClassDeclarationSyntax declaration
        && (declaration.BaseList is not null || declaration.Modifiers.Any(SyntaxKind.PartialKeyword));

    public static GrainClassModel? Parse(GeneratorSyntaxContext context, CancellationToken cancellationToken)
    {
        var declaration = (ClassDeclarationSyntax)context.Node;
        if (context.SemanticModel.GetDeclaredSymbol(declaration, cancellationToken) is not { } type
            || type.IsAbstract
            || type.IsStatic
            || !IsFirstDeclaration(type, declaration)
            || GrainSymbols.IsOrIsNestedInGenericType(type)
            || GrainSymbols.FindInaccessibility(type) is not null
            || !GrainSymbols.DerivesFromGrain(type))
        {
            return null;
        }

        var interfaces = type.AllInterfaces
            .Where(GrainSymbols.IsGrainInterface)
            .Select(static i => i.ToDisplayString(GrainSymbols.TypeSyntaxWithoutNullability))
            .ToArray();
        if (interfaces.Length == 0 || ChooseConstructor(type) is not { } constructor)
        {
            return null;
        }

        var (collectionAgeTicks, isAlwaysActive) = ReadCollectionAge(type);
        return new GrainClassModel(
            type.ToDisplayString(GrainSymbols.TypeSyntaxWithoutNullability),
            GrainTypeName(type),
            new EquatableArray<string>(interfaces),
            new EquatableArray<ConstructorArgumentModel>([.. constructor.Parameters.Select(CreateArgument)]),
            IsReentrant(type),
            collectionAgeTicks,
            isAlwaysActive);
    }

    private static bool IsFirstDeclaration(INamedTypeSymbol type, SyntaxNode declaration)
    {
        var first = type.DeclaringSyntaxReferences[0];
        return first.SyntaxTree == declaration.SyntaxTree && first.Span == declaration.Span;
    }

    /// <summary>The grain type name: [GrainType("x")], else the class name without a "Grain" suffix, lower-cased.</summary>
    private static string GrainTypeName(INamedTypeSymbol type)
    {
        if (GrainSymbols.FindAttribute(type, "GrainTypeAttribute") is { ConstructorArguments.Length: 1 } attribute
            && attribute.ConstructorArguments[0].Value is string { Length: > 0 } name)
        {
            return name;
        }

        var className = type.Name;
        if (className.Length > GrainSuffix.Length && className.EndsWith(GrainSuffix, StringComparison.Ordinal))
        {
            className = className.Substring(0, className.Length - GrainSuffix.Length);
        }

#pragma warning disable CA1308 // Grain type names are lower-case by definition; they are not normalized for comparison.
        return className.ToLowerInvariant();
#pragma warning restore CA1308
    }

    /// <summary>The public constructor with the most parameters; internal ones only when there is no public one.</summary>
    private static IMethodSymbol? ChooseConstructor(INamedTypeSymbol type)
    {
        IMethodSymbol? chosen = null;
        foreach (var constructor in type.InstanceConstructors)
        {
            if (Rank(constructor) is not { } rank)
            {
                continue;
            }

            if (chosen is null || rank.CompareTo(Rank(chosen)!.Value) > 0)
            {
                chosen = constructor;
            }
        }

        return chosen;

        static (int Accessibility, int Parameters)? Rank(IMethodSymbol constructor) => constructor.DeclaredAccessibility switch
        {
            Accessibility.Public => (2, constructor.Parameters.Length),
            Accessibility.Internal or Accessibility.ProtectedOrInternal => (1, constructor.Parameters.Length),
            _ => null,
        };
    }

    private static ConstructorArgumentModel CreateArgument(IParameterSymbol parameter)
    {
        if (GrainSymbols.FindAttribute(parameter, "PersistentStateAttribute") is { } stateAttribute
            && parameter.Type is INamedTypeSymbol { TypeArguments.Length: 1 } stateInterface
            && GrainSymbols.IsActorsType(stateInterface, "IPersistentState"))
        {
            var stateType = stateInterface.TypeArguments[0];
            var arguments = stateAttribute.ConstructorArguments;
            return new ConstructorArgumentModel(
                ConstructorArgumentKind.PersistentState,
                stateType.ToDisplayString(GrainSymbols.TypeSyntax),
                arguments.Length > 0 ? arguments[0].Value as string : null,
                arguments.Length > 1 ? arguments[1].Value as string : null,
                null);
        }

        var serviceType = parameter.Type.ToDisplayString(GrainSymbols.TypeSyntaxWithoutNullability);
        return parameter.IsOptional
            ? new ConstructorArgumentModel(ConstructorArgumentKind.OptionalService, serviceType, null, null, DefaultValueExpression(parameter, serviceType))
            : new ConstructorArgumentModel(ConstructorArgumentKind.Service, serviceType, null, null, null);
    }

    /// <summary>The parameter's default as an expression of the parameter's type, for example <c>(global::System.Int32)(5)</c>.</summary>
    private static string DefaultValueExpression(IParameterSymbol parameter, string typeSyntax)
    {
        if (!parameter.HasExplicitDefaultValue || parameter.ExplicitDefaultValue is not { } value)
        {
            return "default";
        }

        var literal = value switch
        {
            string text => SyntaxFactory.Literal(text).ToString(),
            char character => SyntaxFactory.Literal(character).ToString(),
            bool flag => flag ? "true" : "false",
            double number => DoubleLiteral(number),
            float number => FloatLiteral(number),
            decimal number => SyntaxFactory.Literal(number).ToString(),
            long number => SyntaxFactory.Literal(number).ToString(),
            ulong number => SyntaxFactory.Literal(number).ToString(),
            uint number => SyntaxFactory.Literal(number).ToString(),
            _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "default",
        };

        return $"({typeSyntax})({literal})";
    }

    private static string DoubleLiteral(double number) =>
        double.IsNaN(number) ? "global::System.Double.NaN"
        : double.IsPositiveInfinity(number) ? "global::System.Double.PositiveInfinity"
        : double.IsNegativeInfinity(number) ? "global::System.Double.NegativeInfinity"
        : SyntaxFactory.Literal(number).ToString();

    private static string FloatLiteral(float number) =>
        float.IsNaN(number) ? "global::System.Single.NaN"
        : float.IsPositiveInfinity(number) ? "global::System.Single.PositiveInfinity"
        : float.IsNegativeInfinity(number) ? "global::System.Single.NegativeInfinity"
        : SyntaxFactory.Literal(number).ToString();

    /// <summary>[Reentrant] is inherited: a base class marked reentrant makes its subclasses reentrant.</summary>
    private static bool IsReentrant(INamedTypeSymbol type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (GrainSymbols.HasAttribute(current, "ReentrantAttribute"))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Reads [CollectionAgeLimit]. Each unit is converted to ticks and truncated on its own, as TimeSpan.FromDays and
    /// friends do, so the result does not depend on the runtime the compiler happens to run on.
    /// </summary>
    private static (long? Ticks, bool IsAlwaysActive) ReadCollectionAge(INamedTypeSymbol type)
    {
        if (GrainSymbols.FindAttribute(type, "CollectionAgeLimitAttribute") is not { } attribute)
        {
            return (null, false);
        }

        long ticks = 0;
        var isAlwaysActive = false;
        foreach (var argument in attribute.NamedArguments)
        {
            var value = argument.Value.Value;
            switch (argument.Key)
            {
                case "AlwaysActive":
                    isAlwaysActive = value is true;
                    break;
                case "Days":
                    ticks += ToTicks(value, TimeSpan.TicksPerDay);
                    break;
                case "Hours":
                    ticks += ToTicks(value, TimeSpan.TicksPerHour);
                    break;
                case "Minutes":
                    ticks += ToTicks(value, TimeSpan.TicksPerMinute);
                    break;
                case "Seconds":
                    ticks += ToTicks(value, TimeSpan.TicksPerSecond);
                    break;
            }
        }

        return (ticks, isAlwaysActive);

        static long ToTicks(object? value, long ticksPerUnit) =>
            value is null ? 0 : (long)(Convert.ToDouble(value, CultureInfo.InvariantCulture) * ticksPerUnit);
    }
}
