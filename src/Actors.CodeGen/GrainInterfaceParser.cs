using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Vibe.Actors.CodeGen;

/// <summary>Turns an interface declaration into a <see cref="GrainInterfaceModel"/> when it declares a grain interface.</summary>
internal static class GrainInterfaceParser
{
    /// <summary>Cheap syntactic filter: a grain interface has a base list, or is partial and may have one in another part.</summary>
    public static bool IsCandidate(SyntaxNode node, CancellationToken cancellationToken) =>
        node is InterfaceDeclarationSyntax declaration
        && (declaration.BaseList is not null || declaration.Modifiers.Any(SyntaxKind.PartialKeyword));

    public static GrainInterfaceModel? Parse(GeneratorSyntaxContext context, CancellationToken cancellationToken)
    {
        var declaration = (InterfaceDeclarationSyntax)context.Node;
        if (context.SemanticModel.GetDeclaredSymbol(declaration, cancellationToken) is not { } type
            || !GrainSymbols.IsGrainInterface(type)
            || !IsFirstDeclaration(type, declaration))
        {
            return null;
        }

        var fullName = type.ToDisplayString(GrainSymbols.StableName);
        var location = type.Locations.FirstOrDefault();
        var diagnostics = new List<DiagnosticInfo>();
        if (GrainSymbols.IsOrIsNestedInGenericType(type))
        {
            diagnostics.Add(DiagnosticInfo.Create(GrainDiagnostics.GenericInterface, location, fullName));
        }

        if (GrainSymbols.FindInaccessibility(type) is { } reason)
        {
            diagnostics.Add(DiagnosticInfo.Create(GrainDiagnostics.InaccessibleInterface, location, fullName, reason));
        }

        var isValid = diagnostics.Count == 0;
        var methods = new List<GrainMethodModel>();
        var requestNameCounts = new Dictionary<string, int>();
        foreach (var declaring in new[] { type }.Concat(type.AllInterfaces))
        {
            if (GrainSymbols.IsMarkerInterface(declaring))
            {
                continue;
            }

            var scope = new MemberScope(type, declaring, location);
            foreach (var member in declaring.GetMembers())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var countBefore = diagnostics.Count;
                var memberIsValid = member switch
                {
                    _ when member.IsStatic => true,
                    IMethodSymbol { MethodKind: MethodKind.Ordinary } method when method.IsAbstract || method.IsVirtual =>
                        TryCreateMethod(method, scope, requestNameCounts, diagnostics, methods),
                    IPropertySymbol property => AddNonMethodDiagnostic(property, scope, diagnostics),
                    IEventSymbol @event => AddNonMethodDiagnostic(@event, scope, diagnostics),
                    _ => true,
                };

                isValid &= memberIsValid;
                if (scope.IsReportedElsewhere)
                {
                    // That interface's own model reports these; reporting here too would duplicate them.
                    diagnostics.RemoveRange(countBefore, diagnostics.Count - countBefore);
                }
            }
        }

        return new GrainInterfaceModel(
            fullName,
            type.ToDisplayString(GrainSymbols.TypeSyntax),
            GeneratedNames.Proxy(fullName),
            isValid ? new EquatableArray<GrainMethodModel>([.. methods]) : EquatableArray<GrainMethodModel>.Empty,
            new EquatableArray<DiagnosticInfo>([.. diagnostics]),
            isValid);
    }

    /// <summary>Partial interfaces have several declarations; only the first produces the model.</summary>
    private static bool IsFirstDeclaration(INamedTypeSymbol type, SyntaxNode declaration)
    {
        var first = type.DeclaringSyntaxReferences[0];
        return first.SyntaxTree == declaration.SyntaxTree && first.Span == declaration.Span;
    }

    private static bool TryCreateMethod(
        IMethodSymbol method,
        MemberScope scope,
        Dictionary<string, int> requestNameCounts,
        List<DiagnosticInfo> diagnostics,
        List<GrainMethodModel> methods)
    {
        var countBefore = diagnostics.Count;
        var displayName = $"{scope.Declaring.Name}.{method.Name}";
        if (method.IsGenericMethod)
        {
            diagnostics.Add(DiagnosticInfo.Create(GrainDiagnostics.GenericMethod, scope.LocationOf(method), displayName));
        }

        var isOneWay = GrainSymbols.HasAttribute(method, "OneWayAttribute");
        var returnKind = ClassifyReturnType(method);
        var returnTypeDisplay = method.ReturnType.ToDisplayString();
        if (returnKind is null)
        {
            var suggestion = method.ReturnsVoid ? "Task" : $"Task<{returnTypeDisplay}>";
            diagnostics.Add(DiagnosticInfo.Create(GrainDiagnostics.UnsupportedReturnType, scope.LocationOf(method), displayName, returnTypeDisplay, suggestion));
        }
        else if (isOneWay && returnKind is ReturnKind.TaskOfT or ReturnKind.ValueTaskOfT or ReturnKind.AsyncEnumerable)
        {
            diagnostics.Add(DiagnosticInfo.Create(GrainDiagnostics.OneWayWithResult, scope.LocationOf(method), displayName, returnTypeDisplay));
        }

        foreach (var parameter in method.Parameters)
        {
            if (parameter.RefKind != RefKind.None)
            {
                diagnostics.Add(DiagnosticInfo.Create(
                    GrainDiagnostics.ByRefParameter,
                    scope.LocationOf(parameter),
                    parameter.Name,
                    displayName,
                    RefKeyword(parameter.RefKind)));
            }

            if (IsCancellationToken(parameter.Type))
            {
                diagnostics.Add(DiagnosticInfo.Create(GrainDiagnostics.CancellationTokenParameter, scope.LocationOf(parameter), parameter.Name, displayName));
            }
        }

        if (diagnostics.Count != countBefore || returnKind is null)
        {
            return false;
        }

        var parameters = new GrainParameterModel[method.Parameters.Length];
        var signatureTypes = new string[method.Parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            var parameter = method.Parameters[i];
            var name = string.IsNullOrEmpty(parameter.Name) ? $"arg{i}" : parameter.Name;
            parameters[i] = new GrainParameterModel(GrainSymbols.EscapeIdentifier(name), parameter.Type.ToDisplayString(GrainSymbols.TypeSyntax));
            signatureTypes[i] = parameter.Type.ToDisplayString(GrainSymbols.StableName);
        }

        var interfaceName = scope.Declaring.ToDisplayString(GrainSymbols.StableName);
        var signature = $"{interfaceName}.{method.Name}({string.Join(",", signatureTypes)})";
        var resultType = returnKind is ReturnKind.Task or ReturnKind.ValueTask
            ? null
            : ((INamedTypeSymbol)method.ReturnType).TypeArguments[0].ToDisplayString(GrainSymbols.TypeSyntax);

        methods.Add(new GrainMethodModel(
            method.Name,
            GrainSymbols.EscapeIdentifier(method.Name),
            interfaceName,
            scope.Declaring.ToDisplayString(GrainSymbols.TypeSyntax),
            UniqueRequestName(method.Name, requestNameCounts),
            MethodIdHash.Compute(signature),
            returnKind.Value,
            method.ReturnType.ToDisplayString(GrainSymbols.TypeSyntax),
            resultType,
            GrainSymbols.HasAttribute(method, "ReadOnlyAttribute"),
            GrainSymbols.HasAttribute(method, "AlwaysInterleaveAttribute"),
            isOneWay,
            new EquatableArray<GrainParameterModel>(parameters)));
        return true;
    }

    private static bool AddNonMethodDiagnostic(ISymbol member, MemberScope scope, List<DiagnosticInfo> diagnostics)
    {
        var (kind, name, suggestion) = member switch
        {
            IPropertySymbol { IsIndexer: true } indexer =>
                ("indexer", "this[]", $"a method such as 'Task<{indexer.Type.ToDisplayString()}> GetAsync(...)'"),
            IPropertySymbol property =>
                ("property", property.Name, $"a method such as 'Task<{property.Type.ToDisplayString()}> Get{property.Name}Async()'"),
            _ => ("event", member.Name, "a method that takes an observer grain reference, or a stream"),
        };

        diagnostics.Add(DiagnosticInfo.Create(
            GrainDiagnostics.NonMethodMember,
            scope.LocationOf(member),
            scope.Interface.ToDisplayString(GrainSymbols.StableName),
            kind,
            scope.IsOwn ? name : $"{scope.Declaring.Name}.{name}",
            suggestion));
        return false;
    }

    private static ReturnKind? ClassifyReturnType(IMethodSymbol method)
    {
        if (method.ReturnsByRef || method.ReturnsByRefReadonly || method.ReturnType is not INamedTypeSymbol type)
        {
            return null;
        }

        var ns = type.ContainingNamespace?.ToDisplayString();
        return (ns, type.Name, type.Arity) switch
        {
            ("System.Threading.Tasks", "Task", 0) => ReturnKind.Task,
            ("System.Threading.Tasks", "Task", 1) => ReturnKind.TaskOfT,
            ("System.Threading.Tasks", "ValueTask", 0) => ReturnKind.ValueTask,
            ("System.Threading.Tasks", "ValueTask", 1) => ReturnKind.ValueTaskOfT,
            ("System.Collections.Generic", "IAsyncEnumerable", 1) => ReturnKind.AsyncEnumerable,
            _ => null,
        };
    }

    private static bool IsCancellationToken(ITypeSymbol type)
    {
        if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
        {
            type = nullable.TypeArguments[0];
        }

        return type.Name == "CancellationToken" && type.ContainingNamespace?.ToDisplayString() == "System.Threading";
    }

    private static string RefKeyword(RefKind refKind) => refKind switch
    {
        RefKind.Ref => "ref",
        RefKind.Out => "out",
        RefKind.In => "in",
        _ => "ref readonly",
    };

    /// <summary>Overloads share a name, so the second and later get a number: AddRequest, AddRequest2.</summary>
    private static string UniqueRequestName(string methodName, Dictionary<string, int> counts)
    {
        counts.TryGetValue(methodName, out var count);
        counts[methodName] = ++count;
        return count == 1 ? $"{methodName}Request" : $"{methodName}Request{count}";
    }

    /// <summary>Where to report problems with members of <see cref="Declaring"/> while generating <see cref="Interface"/>.</summary>
    private sealed class MemberScope(INamedTypeSymbol @interface, INamedTypeSymbol declaring, Location? interfaceLocation)
    {
        public INamedTypeSymbol Interface { get; } = @interface;

        public INamedTypeSymbol Declaring { get; } = declaring;

        public bool IsOwn { get; } = SymbolEqualityComparer.Default.Equals(@interface, declaring);

        /// <summary>An inherited grain interface declared in this compilation reports its own members' problems.</summary>
        public bool IsReportedElsewhere { get; } =
            !SymbolEqualityComparer.Default.Equals(@interface, declaring)
            && GrainSymbols.IsGrainInterface(declaring)
            && GrainSymbols.IsInSource(declaring.OriginalDefinition);

        /// <summary>Own members are reported where they are declared; inherited ones on the interface that inherits them.</summary>
        public Location? LocationOf(ISymbol member) => IsOwn ? member.Locations.FirstOrDefault() ?? interfaceLocation : interfaceLocation;
    }
}
