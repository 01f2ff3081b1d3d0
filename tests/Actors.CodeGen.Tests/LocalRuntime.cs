using System.Reflection;
using System.Text.Json;
using Vibe.Actors.Invocation;

namespace Vibe.Actors.CodeGen.Tests;

/// <summary>
/// A grain reference runtime that runs every request against one local object, the way the silo does once it has
/// found the activation, and records the requests the proxies sent.
/// </summary>
internal sealed class LocalRuntime(object grain) : IGrainReferenceRuntime
{
    public List<Request> Sent { get; } = [];

    public async ValueTask<TResult> InvokeAsync<TResult>(GrainReference target, Request<TResult> request)
    {
        Sent.Add(request);
        await request.InvokeAsync(grain);

        // Outside Vibe.Actors the kept result is only observable in serialized form, as a remote caller receives it.
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            request.WriteResult(writer, JsonSerializerOptions.Default);
        }

        return JsonSerializer.Deserialize<TResult>(buffer.WrittenSpan, JsonSerializerOptions.Default)!;
    }

    public async ValueTask InvokeAsync(GrainReference target, VoidRequest request)
    {
        Sent.Add(request);
        await request.InvokeAsync(grain);
    }

    public void InvokeOneWay(GrainReference target, Request request) => Sent.Add(request);

    public async IAsyncEnumerable<TItem> InvokeStreamAsync<TItem>(GrainReference target, AsyncEnumerableRequest<TItem> request)
    {
        Sent.Add(request);

        // The runtime keeps the grain's enumerable internally; the generated override that produces it is what is under test.
        var invokeEnumerable = request.GetType().GetMethod("InvokeEnumerable", BindingFlags.NonPublic | BindingFlags.Instance)!;
        var items = (IAsyncEnumerable<TItem>)invokeEnumerable.Invoke(request, [grain])!;
        await foreach (var item in items)
        {
            yield return item;
        }
    }

    public GrainReference CreateReference(Type interfaceType, GrainId grainId) => throw new NotSupportedException();
}
