namespace Vibe.Actors.CodeGen;

/// <summary>One grain interface method, with everything the proxy and its request class need.</summary>
/// <param name="Name">The method name as declared, reported in <c>Request.MethodName</c>.</param>
/// <param name="Identifier">The method name as a C# identifier (keywords escaped).</param>
/// <param name="InterfaceName">The declaring interface's full name without <c>global::</c>.</param>
/// <param name="InterfaceType">The declaring interface as fully qualified C# type syntax.</param>
/// <param name="RequestName">The name of the generated request class, unique within the proxy.</param>
/// <param name="MethodId">FNV-1a of the method's signature; see <see cref="MethodIdHash"/>.</param>
/// <param name="ReturnType">The full return type as C# syntax.</param>
/// <param name="ResultType">The T of Task&lt;T&gt;, ValueTask&lt;T&gt; or IAsyncEnumerable&lt;T&gt;; null otherwise.</param>
internal sealed record GrainMethodModel(
    string Name,
    string Identifier,
    string InterfaceName,
    string InterfaceType,
    string RequestName,
    uint MethodId,
    ReturnKind ReturnKind,
    string ReturnType,
    string? ResultType,
    bool IsReadOnly,
    bool IsAlwaysInterleave,
    bool IsOneWay,
    EquatableArray<GrainParameterModel> Parameters);
