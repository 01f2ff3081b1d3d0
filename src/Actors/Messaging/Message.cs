using Vibe.Actors.Cluster;

namespace Vibe.Actors.Messaging;

internal enum MessageDirection : byte
{
    Request = 1,
    Response = 2,
    OneWay = 3,
}

internal enum ResponseKind : byte
{
    /// <summary>The body is the JSON result.</summary>
    Success = 0,

    /// <summary>The body is a serialized exception (<see cref="RemoteExceptionCodec"/>).</summary>
    Error = 1,

    /// <summary>The target silo does not host the grain; the body names the silo that does, if known. The caller re-routes.</summary>
    NotHere = 2,
}

/// <summary>
/// One frame between silos: a header (direction, correlation id, target grain and silo, interface and method,
/// time to live, call chain) and a body (JSON arguments, result or exception).
/// </summary>
internal sealed class Message
{
    public MessageDirection Direction { get; init; }

    public ResponseKind Result { get; init; }

    /// <summary>Matches a response to its request; unique per sending silo.</summary>
    public long CorrelationId { get; init; }

    public SiloAddress? SendingSilo { get; init; }

    public SiloAddress? TargetSilo { get; init; }

    public GrainId TargetGrain { get; init; }

    /// <summary>The grain interface's full name (requests only).</summary>
    public string InterfaceName { get; init; } = "";

    public uint MethodId { get; init; }

    /// <summary>Milliseconds the caller still waits; 0 for no deadline.</summary>
    public int TimeToLiveMs { get; init; }

    /// <summary>How often this request was re-routed after a NotHere answer.</summary>
    public byte ForwardCount { get; init; }

    /// <summary>The global id of the request (for call chains); 0 if it has none.</summary>
    public long RequestId { get; init; }

    /// <summary>Global ids of the requests this one was issued from, nearest first (deadlock detection across silos).</summary>
    public long[] CallChain { get; init; } = [];

    public ReadOnlyMemory<byte> Body { get; init; }

    public override string ToString() =>
        $"{Direction} #{CorrelationId} {SendingSilo}->{TargetSilo} {TargetGrain} {InterfaceName}#{MethodId} {Result}";
}
