using System.Linq;

namespace Vibe.Actors.CodeGen;

/// <summary>Writes the module initializer that registers the compilation's grain interfaces and grain classes.</summary>
internal static class RegistrationEmitter
{
    public const string HintName = GeneratedNames.Namespace + ".GrainRegistration.g.cs";

    private const string Registry = "global::Vibe.Actors.Invocation.GeneratedCodeRegistry";
    private const string Activation = "global::Vibe.Actors.GrainActivation";

    public static string Emit(RegistrationModel model)
    {
        var writer = SourceWriter.CreateFile();
        writer.Line("[global::System.CodeDom.Compiler.GeneratedCode(\"Vibe.Actors.CodeGen\", \"1.0\")]");
        writer.OpenBlock("internal static class GrainRegistration");
        writer.Line("[global::System.Runtime.CompilerServices.ModuleInitializer]");
        writer.OpenBlock("internal static void Register()");
        var first = true;
        foreach (var grainInterface in model.Interfaces)
        {
            if (!first)
            {
                writer.Line();
            }

            first = false;
            WriteInterface(writer, grainInterface);
        }

        foreach (var grain in model.Grains)
        {
            if (!first)
            {
                writer.Line();
            }

            first = false;
            WriteGrain(writer, grain);
        }

        writer.CloseBlock();
        writer.CloseBlock();
        return writer.ToString();
    }

    private static void WriteInterface(SourceWriter writer, GrainInterfaceModel model)
    {
        var proxy = $"global::{GeneratedNames.Namespace}.{model.ProxyName}";
        writer.Line($"{Registry}.RegisterInterface(");
        writer.Indent();
        writer.Line($"typeof({model.TypeSyntax}),");
        writer.Line($"{SourceWriter.Literal(model.FullName)},");
        writer.Line($"static (runtime, grainId) => new {proxy}(runtime, grainId),");
        writer.Line("new global::System.Collections.Generic.Dictionary<uint, global::System.Func<global::Vibe.Actors.Invocation.Request>>");
        writer.Line("{");
        writer.Indent();
        foreach (var method in model.Methods)
        {
            writer.Line($"[0x{method.MethodId:X8}u] = static () => new {proxy}.{method.RequestName}(),");
        }

        writer.Unindent();
        writer.Line("});");
        writer.Unindent();
    }

    private static void WriteGrain(SourceWriter writer, GrainClassModel model)
    {
        var interfaces = string.Join(", ", model.Interfaces.Select(static i => $"typeof({i})"));
        var collectionAge = model.IsAlwaysActive
            ? "global::System.Threading.Timeout.InfiniteTimeSpan"
            : model.CollectionAgeTicks is { } ticks ? $"global::System.TimeSpan.FromTicks({ticks}L)" : "null";

        writer.Line($"{Registry}.RegisterGrain(");
        writer.Indent();
        writer.Line($"typeof({model.TypeSyntax}),");
        writer.Line($"{SourceWriter.Literal(model.GrainType)},");
        writer.Line($"new global::System.Type[] {{ {interfaces} }},");
        if (model.ConstructorArguments.IsEmpty)
        {
            writer.Line($"static context => new {model.TypeSyntax}(),");
        }
        else
        {
            writer.Line($"static context => new {model.TypeSyntax}(");
            writer.Indent();
            for (var i = 0; i < model.ConstructorArguments.Count; i++)
            {
                writer.Line(Argument(model.ConstructorArguments[i]) + (i == model.ConstructorArguments.Count - 1 ? ")," : ","));
            }

            writer.Unindent();
        }

        writer.Line(model.IsReentrant ? "true," : "false,");
        writer.Line($"{collectionAge});");
        writer.Unindent();
    }

    private static string Argument(ConstructorArgumentModel argument) => argument.Kind switch
    {
        ConstructorArgumentKind.PersistentState =>
            $"{Activation}.PersistentState<{argument.Type}>(context, {SourceWriter.Literal(argument.StateName ?? string.Empty)}, {(argument.StorageName is null ? "null" : SourceWriter.Literal(argument.StorageName))})",
        ConstructorArgumentKind.OptionalService => $"{Activation}.OptionalService<{argument.Type}>(context, {argument.DefaultValue})",
        _ => $"{Activation}.Service<{argument.Type}>(context)",
    };
}
