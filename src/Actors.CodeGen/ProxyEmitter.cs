using System.Collections.Generic;
using System.Linq;

namespace Vibe.Actors.CodeGen;

/// <summary>Writes the proxy class of one grain interface, with one nested request class per method.</summary>
internal static class ProxyEmitter
{
    private const string Invocation = "global::Vibe.Actors.Invocation";
    private const string Tasks = "global::System.Threading.Tasks";
    private const string Json = "global::System.Text.Json";
    private const string GeneratedCodeAttribute = "[global::System.CodeDom.Compiler.GeneratedCode(\"Vibe.Actors.CodeGen\", \"1.0\")]";

    public static string HintName(GrainInterfaceModel model) => $"{GeneratedNames.Namespace}.{model.ProxyName}.g.cs";

    public static string Emit(GrainInterfaceModel model)
    {
        var writer = SourceWriter.CreateFile();
        writer.Line(GeneratedCodeAttribute);
        writer.OpenBlock($"internal sealed class {model.ProxyName} : {Invocation}.GrainReference, {model.TypeSyntax}");
        writer.Line($"public {model.ProxyName}({Invocation}.IGrainReferenceRuntime runtime, global::Vibe.Actors.GrainId grainId)");
        writer.Line("    : base(runtime, grainId)");
        writer.Line("{");
        writer.Line("}");
        writer.Line();
        writer.Line($"public override global::System.Type InterfaceType => typeof({model.TypeSyntax});");
        foreach (var method in model.Methods)
        {
            writer.Line();
            WriteProxyMethod(writer, method);
        }

        foreach (var method in model.Methods)
        {
            writer.Line();
            WriteRequestClass(writer, method);
        }

        writer.CloseBlock();
        return writer.ToString();
    }

    /// <summary>An explicit implementation, so a grain method named like a GrainReference member cannot clash with it.</summary>
    private static void WriteProxyMethod(SourceWriter writer, GrainMethodModel method)
    {
        var parameters = string.Join(", ", method.Parameters.Select(static p => $"{p.Type} {p.Name}"));
        var initializers = string.Join(", ", method.Parameters.Select(static (p, i) => $"Arg{i} = {p.Name}"));
        var request = initializers.Length == 0 ? $"new {method.RequestName}()" : $"new {method.RequestName} {{ {initializers} }}";

        writer.OpenBlock($"{method.ReturnType} {method.InterfaceType}.{method.Identifier}({parameters})");
        if (method.IsOneWay)
        {
            writer.Line($"base.InvokeOneWay({request});");
            writer.Line(method.ReturnKind == ReturnKind.Task ? $"return {Tasks}.Task.CompletedTask;" : "return default;");
        }
        else
        {
            writer.Line(method.ReturnKind switch
            {
                ReturnKind.Task or ReturnKind.TaskOfT => $"return base.InvokeAsync({request}).AsTask();",
                ReturnKind.AsyncEnumerable => $"return base.InvokeStreamAsync({request});",
                _ => $"return base.InvokeAsync({request});",
            });
        }

        writer.CloseBlock();
    }

    private static void WriteRequestClass(SourceWriter writer, GrainMethodModel method)
    {
        var baseClass = method.ReturnKind switch
        {
            ReturnKind.Task or ReturnKind.ValueTask => $"{Invocation}.VoidRequest",
            ReturnKind.AsyncEnumerable => $"{Invocation}.AsyncEnumerableRequest<{method.ResultType}>",
            _ => $"{Invocation}.Request<{method.ResultType}>",
        };

        writer.OpenBlock($"public sealed class {method.RequestName} : {baseClass}");
        for (var i = 0; i < method.Parameters.Count; i++)
        {
            writer.Line($"public {method.Parameters[i].Type} Arg{i} = default!;");
        }

        if (method.Parameters.Count > 0)
        {
            writer.Line();
        }

        writer.Line($"public override string InterfaceName => {SourceWriter.Literal(method.InterfaceName)};");
        writer.Line();
        writer.Line($"public override string MethodName => {SourceWriter.Literal(method.Name)};");
        writer.Line();
        writer.Line($"public override uint MethodId => 0x{method.MethodId:X8}u;");
        writer.Line();
        writer.Line($"public override {Invocation}.InvokeFlags Flags => {FlagsExpression(method)};");
        writer.Line();
        WriteInvoke(writer, method);
        writer.Line();
        WriteWriteArguments(writer, method);
        writer.Line();
        WriteReadArguments(writer, method);
        writer.CloseBlock();
    }

    private static void WriteInvoke(SourceWriter writer, GrainMethodModel method)
    {
        var arguments = string.Join(", ", Enumerable.Range(0, method.Parameters.Count).Select(static i => $"Arg{i}"));
        var call = $"(({method.InterfaceType})target).{method.Identifier}({arguments})";
        var (signature, body) = method.ReturnKind switch
        {
            ReturnKind.Task => ($"protected override {Tasks}.ValueTask InvokeCore(object target)", $"new {Tasks}.ValueTask({call})"),
            ReturnKind.TaskOfT => ($"protected override {Tasks}.ValueTask<{method.ResultType}> InvokeCore(object target)", $"new {Tasks}.ValueTask<{method.ResultType}>({call})"),
            ReturnKind.ValueTask => ($"protected override {Tasks}.ValueTask InvokeCore(object target)", call),
            ReturnKind.ValueTaskOfT => ($"protected override {Tasks}.ValueTask<{method.ResultType}> InvokeCore(object target)", call),
            _ => ($"protected override global::System.Collections.Generic.IAsyncEnumerable<{method.ResultType}> InvokeEnumerable(object target)", call),
        };

        writer.Line(signature + " =>");
        writer.Line("    " + body + ";");
    }

    private static void WriteWriteArguments(SourceWriter writer, GrainMethodModel method)
    {
        writer.OpenBlock($"public override void WriteArguments({Json}.Utf8JsonWriter writer, {Json}.JsonSerializerOptions options)");
        writer.Line("writer.WriteStartArray();");
        for (var i = 0; i < method.Parameters.Count; i++)
        {
            writer.Line($"{Json}.JsonSerializer.Serialize(writer, Arg{i}, options);");
        }

        writer.Line("writer.WriteEndArray();");
        writer.CloseBlock();
    }

    private static void WriteReadArguments(SourceWriter writer, GrainMethodModel method)
    {
        var count = method.Parameters.Count;
        var expected = SourceWriter.Literal($"The arguments of {method.InterfaceName}.{method.Name} must be a JSON array of {count} value(s).");
        var shapeError = $"throw new {Json}.JsonException({expected});";

        writer.OpenBlock($"public override void ReadArguments(ref {Json}.Utf8JsonReader reader, {Json}.JsonSerializerOptions options)");
        writer.OpenBlock($"if (reader.TokenType != {Json}.JsonTokenType.StartArray)");
        writer.Line(shapeError);
        writer.CloseBlock();
        for (var i = 0; i < count; i++)
        {
            writer.Line();
            writer.OpenBlock($"if (!reader.Read() || reader.TokenType == {Json}.JsonTokenType.EndArray)");
            writer.Line(shapeError);
            writer.CloseBlock();
            writer.Line();
            writer.Line($"Arg{i} = {Json}.JsonSerializer.Deserialize<{method.Parameters[i].Type}>(ref reader, options)!;");
        }

        writer.Line();
        writer.OpenBlock($"if (!reader.Read() || reader.TokenType != {Json}.JsonTokenType.EndArray)");
        writer.Line(shapeError);
        writer.CloseBlock();
        writer.CloseBlock();
    }

    private static string FlagsExpression(GrainMethodModel method)
    {
        var flags = new List<string>(3);
        if (method.IsReadOnly)
        {
            flags.Add($"{Invocation}.InvokeFlags.ReadOnly");
        }

        if (method.IsAlwaysInterleave)
        {
            flags.Add($"{Invocation}.InvokeFlags.AlwaysInterleave");
        }

        if (method.IsOneWay)
        {
            flags.Add($"{Invocation}.InvokeFlags.OneWay");
        }

        return flags.Count == 0 ? $"{Invocation}.InvokeFlags.None" : string.Join(" | ", flags);
    }
}
