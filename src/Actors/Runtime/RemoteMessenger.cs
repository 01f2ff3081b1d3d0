using System.Buffers;
using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Vibe.Actors.Cluster;
using Vibe.Actors.Invocation;
using Vibe.Actors.Messaging;

namespace Vibe.Actors.Runtime;

/// <summary>
/// Turns requests into messages for other silos and messages from them back into requests: it keeps the
/// calls waiting for a response, fails them fast when their silo goes away, and answers remote callers.
/// </summary>
internal sealed partial class RemoteMessenger(SiloRuntime silo, SiloConnectionManager transport, SiloAddress self, ILogger logger)
{
    private static readonly long RequestIdPrefix = (long)Random.Shared.Next(1, int.MaxValue) << 32;
    private readonly ConcurrentDictionary<long, PendingCall> _pending = new();
    private long _nextCorrelationId;
    private long _nextRequestId;

    public SiloAddress Self => self;

    public int PendingCount => _pending.Count;

    /// <summary>Waits (up to <paramref name="timeout"/>) until no call this silo made or relayed waits for another silo.</summary>
    public async Task DrainAsync(TimeSpan timeout)
    {
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        while (!_pending.IsEmpty && Environment.TickCount64 < deadline)
        {
            await Task.Delay(10);
        }
    }

    /// <summary>Sends <paramref name="request"/> to <paramref name="target"/>; the request completes when the answer arrives, or fails fast if it cannot be sent.</summary>
    public void Send(SiloAddress target, Request request, bool expectsResponse)
    {
        byte[] body;
        try
        {
            body = Serialize(static (w, r, o) => r.WriteArguments(w, o), request);
        }
        catch (Exception ex) when (ex is NotSupportedException or JsonException or InvalidOperationException)
        {
            request.TryFail(new ActorRuntimeException($"The arguments of {request.InterfaceName}.{request.MethodName} cannot be sent to another silo: {ex.Message}", ex));
            return;
        }

        var correlationId = Interlocked.Increment(ref _nextCorrelationId);
        if (expectsResponse)
        {
            _pending[correlationId] = new PendingCall(request, target);
        }

        var ttl = request.Deadline == 0 ? 0 : (int)Math.Max(1, request.Deadline - Environment.TickCount64);
        transport.Send(target, new Message
        {
            Direction = expectsResponse ? MessageDirection.Request : MessageDirection.OneWay,
            CorrelationId = correlationId,
            SendingSilo = self,
            TargetSilo = target,
            TargetGrain = request.Target,
            InterfaceName = request.InterfaceName,
            MethodId = request.MethodId,
            TimeToLiveMs = ttl,
            RequestId = EnsureId(request),
            CallChain = BuildChain(request),
            Body = body,
        });
    }

    /// <summary>Called by the transport for every frame received.</summary>
    public void OnMessage(Message message)
    {
        switch (message.Direction)
        {
            case MessageDirection.Response:
                if (_pending.TryRemove(message.CorrelationId, out var pending))
                {
                    if (SystemTargets.IsSystemTarget(pending.Request.Target))
                    {
                        // Runtime calls (probes, directory) complete here: their continuations are short, and a busy thread pool must not delay a probe.
                        Complete(pending.Request, message);
                    }
                    else
                    {
                        // Off the connection's read loop: the caller's continuation may run where the response completes.
                        ThreadPool.UnsafeQueueUserWorkItem(static s => s.Messenger.Complete(s.Call.Request, s.Message), (Messenger: this, Call: pending, Message: message), preferLocal: false);
                    }
                }

                break;
            case MessageDirection.Request:
            case MessageDirection.OneWay:
                OnRequest(message);
                break;
        }
    }

    /// <summary>Called by the transport for a frame it could not send.</summary>
    public void OnSendFailed(Message message, Exception exception)
    {
        if (message.Direction == MessageDirection.Request && _pending.TryRemove(message.CorrelationId, out var pending))
        {
            if (silo.TryRerouteUnsent(pending.Request))
            {
                return;
            }

            pending.Request.TryFail(exception as SiloUnavailableException
                ?? new SiloUnavailableException($"Could not send {pending.Request.InterfaceName}.{pending.Request.MethodName} to silo {pending.Silo}: {exception.Message}", exception));
        }
        else if (message.Direction == MessageDirection.Response)
        {
            LogResponseLost(logger, message.TargetSilo, exception.Message);
        }
    }

    /// <summary>Fails every call waiting for <paramref name="target"/>: its connection is gone or it was declared dead.</summary>
    public void FailCallsTo(SiloAddress target, string reason)
    {
        foreach (var (id, pending) in _pending)
        {
            if (pending.Silo == target && _pending.TryRemove(id, out _))
            {
                pending.Request.TryFail(new SiloUnavailableException($"{reason} while waiting for {pending.Request.InterfaceName}.{pending.Request.MethodName} on grain {pending.Request.Target}."));
            }
        }
    }

    /// <summary>Fails every call still waiting for a response: this silo is stopping.</summary>
    public void FailAll(string reason)
    {
        foreach (var (id, pending) in _pending)
        {
            if (_pending.TryRemove(id, out _))
            {
                pending.Request.TryFail(new SiloUnavailableException($"{reason} while waiting for {pending.Request.InterfaceName}.{pending.Request.MethodName} on grain {pending.Request.Target}."));
            }
        }
    }

    public void ExpireRequests(long now)
    {
        foreach (var (id, pending) in _pending)
        {
            var request = pending.Request;
            if (request.Deadline != 0 && request.Deadline < now && _pending.TryRemove(id, out _))
            {
                request.TryFail(new TimeoutException($"Response did not arrive on time ({silo.ResponseTimeout.TotalSeconds:0.###} s) for {request.InterfaceName}.{request.MethodName} on grain {request.Target} (silo {pending.Silo})."));
            }
        }
    }

    private void Complete(Request request, Message message)
    {
        try
        {
            if (message.Result == ResponseKind.Success)
            {
                var reader = new Utf8JsonReader(message.Body.Span);
                reader.Read();
                request.CompleteWithSerializedResult(ref reader, silo.Json);
            }
            else
            {
                request.TryFail(RemoteExceptionCodec.Read(message.Body.Span));
            }
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException)
        {
            request.TryFail(new ActorRuntimeException($"The result of {request.InterfaceName}.{request.MethodName} from silo {message.SendingSilo} could not be read: {ex.Message}", ex));
        }
    }

    private void OnRequest(Message message)
    {
        Request request;
        try
        {
            request = message.InterfaceName == Streams.StreamEventRequest.InterfaceName
                ? Streams.StreamEventRequest.CreateFor(message.Body.Span)
                : CreateRequest(message);
            var reader = new Utf8JsonReader(message.Body.Span);
            reader.Read();
            request.ReadArguments(ref reader, silo.Json);
        }
        catch (Exception ex)
        {
            if (message.Direction == MessageDirection.Request)
            {
                Respond(message, ResponseKind.Error, RemoteExceptionCodec.Write(ex));
            }

            LogBadRequest(logger, message.SendingSilo, message.InterfaceName, ex.Message);
            return;
        }

        request.Target = message.TargetGrain;
        request.Id = message.RequestId;
        request.RemoteChain = message.CallChain.Length == 0 ? null : message.CallChain;
        request.Deadline = message.TimeToLiveMs > 0 ? Environment.TickCount64 + message.TimeToLiveMs : 0;
        if (message.Direction == MessageDirection.Request)
        {
            _ = RespondWhenDoneAsync(request, message);
        }

        silo.DeliverFromRemote(request, message.Direction == MessageDirection.Request);
    }

    private Request CreateRequest(Message message)
    {
        var info = GeneratedCodeRegistry.FindInterface(message.InterfaceName)
            ?? throw new GrainTypeNotFoundException($"Interface {message.InterfaceName} is not known to silo {self}.");
        return info.Methods.TryGetValue(message.MethodId, out var factory)
            ? factory()
            : throw new GrainTypeNotFoundException($"Method #{message.MethodId} of {message.InterfaceName} is not known to silo {self}; are the silos running different versions?");
    }

    private async Task RespondWhenDoneAsync(Request request, Message message)
    {
        byte[] body;
        var kind = ResponseKind.Success;
        try
        {
            await request.WaitForCompletionAsync();
            body = Serialize(static (w, r, o) => r.WriteResult(w, o), request);
        }
        catch (Exception ex)
        {
            kind = ResponseKind.Error;
            body = RemoteExceptionCodec.Write(ex);
        }

        Respond(message, kind, body);
    }

    private void Respond(Message request, ResponseKind kind, byte[] body)
    {
        if (request.SendingSilo is null)
        {
            return;
        }

        transport.Send(request.SendingSilo, new Message
        {
            Direction = MessageDirection.Response,
            Result = kind,
            CorrelationId = request.CorrelationId,
            SendingSilo = self,
            TargetSilo = request.SendingSilo,
            TargetGrain = request.TargetGrain,
            Body = body,
        });
    }

    [ThreadStatic]
    private static (ArrayBufferWriter<byte> Buffer, Utf8JsonWriter Writer)? t_serializer;

    /// <summary>Serializes with a writer and buffer reused per thread: only the resulting array is allocated.</summary>
    private byte[] Serialize(Action<Utf8JsonWriter, Request, JsonSerializerOptions> write, Request request)
    {
        var (buffer, writer) = t_serializer ??= CreateSerializer();
        buffer.ResetWrittenCount();
        writer.Reset(buffer);
        try
        {
            write(writer, request, silo.Json);
            writer.Flush();
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            if (buffer.Capacity > 64 * 1024)
            {
                t_serializer = null; // do not keep a large buffer alive per thread
            }
        }
    }

    private static (ArrayBufferWriter<byte>, Utf8JsonWriter) CreateSerializer()
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        return (buffer, new Utf8JsonWriter(buffer));
    }

    private long EnsureId(Request request)
    {
        if (request.Id == 0)
        {
            request.Id = RequestIdPrefix | (Interlocked.Increment(ref _nextRequestId) & 0xFFFFFFFF);
        }

        return request.Id;
    }

    /// <summary>The ids of the requests <paramref name="request"/> was issued from, so the target silo can see a cycle back into them.</summary>
    private long[] BuildChain(Request request)
    {
        List<long>? chain = null;
        var last = request;
        for (var ancestor = request.Parent; ancestor is not null; ancestor = ancestor.Parent)
        {
            (chain ??= []).Add(EnsureId(ancestor));
            last = ancestor;
        }

        if (last.RemoteChain is { Length: > 0 } remote)
        {
            (chain ??= []).AddRange(remote);
        }

        return chain is null ? [] : [.. chain];
    }

    private sealed record PendingCall(Request Request, SiloAddress Silo);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A response to silo {Silo} could not be sent: {Reason}")]
    private static partial void LogResponseLost(ILogger logger, SiloAddress? silo, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A request from silo {Silo} for {Interface} could not be read: {Reason}")]
    private static partial void LogBadRequest(ILogger logger, SiloAddress? silo, string @interface, string reason);
}
