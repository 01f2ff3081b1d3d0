using System.Text.Json;
using Vibe.Actors.Invocation;

namespace Vibe.Actors.Runtime;

/// <summary>A request the runtime makes for itself (lifecycle, timer ticks, stream deliveries); it never leaves the silo.</summary>
internal abstract class LocalRequest : VoidRequest
{
    public override string InterfaceName => "runtime";

    public override uint MethodId => 0;

    public override InvokeFlags Flags => InvokeFlags.None;

    public override void WriteArguments(Utf8JsonWriter writer, JsonSerializerOptions options) =>
        throw new NotSupportedException($"{MethodName} is a silo-local request and cannot be serialized.");

    public override void ReadArguments(ref Utf8JsonReader reader, JsonSerializerOptions options) =>
        throw new NotSupportedException($"{MethodName} is a silo-local request and cannot be serialized.");
}
