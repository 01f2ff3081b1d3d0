using System.Collections.Concurrent;
using System.Text.Json;
using Vibe.Actors.Invocation;
using Vibe.Actors.Messaging;

namespace Vibe.Actors.Streams;

/// <summary>Creates stream event requests for item types named in messages from other silos.</summary>
internal static class StreamEventRequest
{
    /// <summary>The pseudo-interface name stream events travel under.</summary>
    public const string InterfaceName = "Vibe.Actors.Streams.StreamEvent";

    private static readonly ConcurrentDictionary<string, Func<Request>> Factories = new(StringComparer.Ordinal);

    /// <summary>An empty request for the item type named first in <paramref name="body"/> (a JSON array).</summary>
    public static Request CreateFor(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray || !reader.Read() || reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("A stream event must start with its item type name.");
        }

        var typeName = reader.GetString()!;
        return Factories.GetOrAdd(typeName, static name =>
        {
            var itemType = Type.GetType(name, throwOnError: false)
                ?? throw new GrainTypeNotFoundException($"Stream item type '{name}' is not known to this silo.");
            var requestType = typeof(StreamEventRequest<>).MakeGenericType(itemType);
            return () => (Request)Activator.CreateInstance(requestType)!;
        })();
    }
}

/// <summary>Marks stream events: they go through the registry's queue, never the system-target fast path.</summary>
internal interface IStreamEventRequest;

/// <summary>
/// One stream event for one subscription: to a grain (handled as a turn by the observer it attached) or to
/// a silo's registry (for a plain observer there). It crosses silos like any request.
/// </summary>
internal sealed class StreamEventRequest<T> : VoidRequest, IStreamEventRequest
{
    public string Provider { get; set; } = "";

    public StreamId StreamId { get; set; }

    public Guid HandleId { get; set; }

    public StreamEvent<T> Event { get; set; }

    public override string InterfaceName => StreamEventRequest.InterfaceName;

    public override string MethodName => "stream event";

    public override uint MethodId => 1;

    public override InvokeFlags Flags => InvokeFlags.None;

    protected override ValueTask InvokeCore(object target)
    {
        if (target is StreamObserverRegistry registry)
        {
            return new ValueTask(registry.DeliverAsync(HandleId, Event));
        }

        if (Activation?.GetStreamObserver(HandleId) is IAsyncObserver<T> observer)
        {
            return new ValueTask(Event.DispatchTo(observer));
        }

        throw new InvalidOperationException(
            $"Grain {Target} has subscription {HandleId} to stream {StreamId} but attached no observer of {typeof(T).Name}; resume it in OnActivateAsync with GetAllSubscriptionHandles and ResumeAsync, or unsubscribe.");
    }

    public override void WriteArguments(Utf8JsonWriter writer, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        writer.WriteStringValue(typeof(T).AssemblyQualifiedName);
        writer.WriteStringValue(Provider);
        writer.WriteStringValue(StreamId.Namespace);
        writer.WriteStringValue(StreamId.Key);
        writer.WriteStringValue(HandleId);
        writer.WriteNumberValue((int)Event.Kind);
        writer.WriteNumberValue(Event.Token?.SequenceNumber ?? -1);
        JsonSerializer.Serialize(writer, Event.Item, options);
        if (Event.Error is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteBase64StringValue(RemoteExceptionCodec.Write(Event.Error));
        }

        writer.WriteEndArray();
    }

    public override void ReadArguments(ref Utf8JsonReader reader, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("A stream event is a JSON array.");
        }

        reader.Read(); // item type name, already used to create this request
        Provider = Next(ref reader).GetString() ?? "";
        var ns = Next(ref reader).GetString() ?? "";
        var key = Next(ref reader).GetString() ?? "";
        StreamId = new StreamId(ns, key);
        HandleId = Next(ref reader).GetGuid();
        var kind = (StreamEventKind)Next(ref reader).GetInt32();
        var sequence = Next(ref reader).GetInt64();
        reader.Read();
        var item = JsonSerializer.Deserialize<T>(ref reader, options)!;
        reader.Read();
        var error = reader.TokenType == JsonTokenType.Null ? null : RemoteExceptionCodec.Read(reader.GetBytesFromBase64());
        Event = new StreamEvent<T>(kind, item, sequence < 0 ? null : new StreamSequenceToken(sequence), error);
        reader.Read();
    }

    private static ref Utf8JsonReader Next(ref Utf8JsonReader reader)
    {
        reader.Read();
        return ref reader;
    }
}
