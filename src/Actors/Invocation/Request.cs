using System.Text.Json;
using System.Threading.Tasks.Sources;

namespace Vibe.Actors.Invocation;

/// <summary>
/// One call to one grain method: its arguments, how to invoke it on the target, and its outcome.
/// The source generator emits one sealed subclass per grain interface method. The same object is the
/// completion source the caller awaits, so a local call allocates one object.
/// </summary>
public abstract class Request
{
    private const int Pending = 0;
    private const int Completed = 1;
    private int _state;

    /// <summary>The full name of the grain interface that declares the method.</summary>
    public abstract string InterfaceName { get; }

    /// <summary>The method name, for diagnostics.</summary>
    public abstract string MethodName { get; }

    /// <summary>A stable id of the method within its interface.</summary>
    public abstract uint MethodId { get; }

    /// <summary>Scheduling flags from the method's attributes.</summary>
    public abstract InvokeFlags Flags { get; }

    /// <summary>The grain this request targets; set by the runtime.</summary>
    public GrainId Target { get; internal set; }

    /// <summary>The request during which this one was issued, if it was issued by a grain; forms the call chain.</summary>
    internal Request? Parent { get; set; }

    /// <summary>A cluster-unique id, assigned when the request becomes part of a call chain that crosses silos; 0 until then.</summary>
    internal long Id { get; set; }

    /// <summary>How often the runtime re-routed this request after its target silo could not be reached.</summary>
    internal byte RouteAttempts { get; set; }

    /// <summary>For a request received from another silo: the ids of the requests it was issued from, nearest first.</summary>
    internal long[]? RemoteChain { get; set; }

    /// <summary>When the caller stops waiting (Environment.TickCount64, ms); 0 for none.</summary>
    internal long Deadline { get; set; }

    /// <summary>When the request was created (Stopwatch timestamp), for latency metrics.</summary>
    internal long StartTimestamp { get; set; }

    /// <summary>The activation running this request, once admitted.</summary>
    internal Runtime.ActivationData? Activation { get; set; }

    /// <summary>Whether running this request counts as activity that keeps the activation from being collected.</summary>
    internal virtual bool KeepsAlive => true;

    /// <summary>Whether the request belongs to one activation (a timer tick) and must not be re-routed to a new one.</summary>
    internal virtual bool IsBoundToActivation => false;

    internal bool IsCompleted => Volatile.Read(ref _state) != Pending;

    /// <summary>Invokes the method on <paramref name="target"/> and keeps the result; exceptions propagate.</summary>
    public abstract ValueTask InvokeAsync(object target);

    /// <summary>Writes the arguments as a JSON array.</summary>
    public abstract void WriteArguments(Utf8JsonWriter writer, JsonSerializerOptions options);

    /// <summary>Reads the arguments from a JSON array written by <see cref="WriteArguments"/>; the reader is positioned on the array start.</summary>
    public abstract void ReadArguments(ref Utf8JsonReader reader, JsonSerializerOptions options);

    /// <summary>Writes the kept result as one JSON value (null for void methods).</summary>
    public abstract void WriteResult(Utf8JsonWriter writer, JsonSerializerOptions options);

    /// <summary>Reads a result written by <see cref="WriteResult"/> and completes the request with it.</summary>
    public abstract void CompleteWithSerializedResult(ref Utf8JsonReader reader, JsonSerializerOptions options);

    /// <summary>Completes the caller's wait with the kept result. Returns false if the request had already completed.</summary>
    internal bool TryComplete()
    {
        if (Interlocked.Exchange(ref _state, Completed) != Pending)
        {
            return false;
        }

        SignalResult();
        return true;
    }

    /// <summary>Completes the caller's wait with an exception. Returns false if the request had already completed.</summary>
    internal bool TryFail(Exception exception)
    {
        if (Interlocked.Exchange(ref _state, Completed) != Pending)
        {
            return false;
        }

        SignalException(exception);
        return true;
    }

    /// <summary>Waits until the request completes; throws its exception. Used by the silo that answers a remote caller.</summary>
    internal abstract ValueTask WaitForCompletionAsync();

    private protected abstract void SignalResult();

    private protected abstract void SignalException(Exception exception);

    public override string ToString() => $"{InterfaceName}.{MethodName} on {Target}";
}

/// <summary>A request whose method returns a value of type <typeparamref name="TResult"/>.</summary>
public abstract class Request<TResult> : Request, IValueTaskSource<TResult>
{
    // Continuations of callers without a scheduling context run inline where the request completes (the
    // runtime clears the activation's context first); grain callers are always posted to their own activation.
    private ManualResetValueTaskSourceCore<TResult> _core;
    private TResult? _result;

    /// <summary>Calls the grain method. Generated.</summary>
    protected abstract ValueTask<TResult> InvokeCore(object target);

    /// <summary>The value the awaiting caller sees.</summary>
    internal ValueTask<TResult> AsValueTask() => new(this, _core.Version);

    public sealed override ValueTask InvokeAsync(object target)
    {
        var pending = InvokeCore(target);
        if (pending.IsCompletedSuccessfully)
        {
            _result = pending.Result;
            return default;
        }

        return AwaitResult(pending);
    }

    private async ValueTask AwaitResult(ValueTask<TResult> pending) => _result = await pending;

    public sealed override void WriteResult(Utf8JsonWriter writer, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, _result, options);

    internal sealed override async ValueTask WaitForCompletionAsync() => await AsValueTask();

    public sealed override void CompleteWithSerializedResult(ref Utf8JsonReader reader, JsonSerializerOptions options)
    {
        _result = JsonSerializer.Deserialize<TResult>(ref reader, options);
        TryComplete();
    }

    private protected sealed override void SignalResult() => _core.SetResult(_result!);

    private protected sealed override void SignalException(Exception exception) => _core.SetException(exception);

    TResult IValueTaskSource<TResult>.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource<TResult>.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource<TResult>.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}

/// <summary>A request whose method returns Task or ValueTask without a value.</summary>
public abstract class VoidRequest : Request, IValueTaskSource
{
    private ManualResetValueTaskSourceCore<bool> _core;

    /// <summary>Calls the grain method. Generated.</summary>
    protected abstract ValueTask InvokeCore(object target);

    internal ValueTask AsValueTask() => new(this, _core.Version);

    public sealed override ValueTask InvokeAsync(object target) => InvokeCore(target);

    public sealed override void WriteResult(Utf8JsonWriter writer, JsonSerializerOptions options) => writer.WriteNullValue();

    internal sealed override ValueTask WaitForCompletionAsync() => AsValueTask();

    public sealed override void CompleteWithSerializedResult(ref Utf8JsonReader reader, JsonSerializerOptions options) => TryComplete();

    private protected sealed override void SignalResult() => _core.SetResult(true);

    private protected sealed override void SignalException(Exception exception) => _core.SetException(exception);

    void IValueTaskSource.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}

/// <summary>
/// A request whose method returns <see cref="IAsyncEnumerable{T}"/>. The enumeration runs inside the
/// activation, one batch of items per call, so it keeps the grain's turn-based guarantees.
/// </summary>
public abstract class AsyncEnumerableRequest<TItem> : VoidRequest
{
    /// <summary>Calls the grain method. Generated.</summary>
    protected abstract IAsyncEnumerable<TItem> InvokeEnumerable(object target);

    /// <summary>The enumerable the grain returned; the runtime keeps it in the activation.</summary>
    internal IAsyncEnumerable<TItem>? Enumerable { get; private set; }

    protected sealed override ValueTask InvokeCore(object target)
    {
        Enumerable = InvokeEnumerable(target);
        return default;
    }
}
