using System.Collections.Concurrent;
using System.Net;
using Vibe.Actors.Cluster;
using Vibe.Actors.Hosting;
using Vibe.Actors.Messaging;
using Xunit.Abstractions;

namespace Vibe.Actors.Tests.Messaging;

/// <summary>One started <see cref="SiloConnectionManager"/> on 127.0.0.1 with everything its callbacks reported.</summary>
internal sealed class TransportNode : IAsyncDisposable
{
    private static readonly byte[] SmallBody = new byte[16];

    private TransportNode(SiloConnectionManager manager, SiloAddress address, CapturingLogger<SiloConnectionManager> logger)
    {
        Manager = manager;
        Address = address;
        Logger = logger;
    }

    public SiloConnectionManager Manager { get; }

    public SiloAddress Address { get; }

    public CapturingLogger<SiloConnectionManager> Logger { get; }

    public ConcurrentQueue<Message> Received { get; } = new();

    public ConcurrentQueue<(Message Message, Exception Error)> Failed { get; } = new();

    public ConcurrentQueue<SiloAddress> Lost { get; } = new();

    /// <summary>Replaces the default handler (which keeps every message in <see cref="Received"/>).</summary>
    public Action<Message>? OnMessage { get; set; }

    public static ConnectionOptions FastOptions() => new()
    {
        MinReconnectDelay = TimeSpan.FromMilliseconds(20),
        MaxReconnectDelay = TimeSpan.FromMilliseconds(200),
    };

    public static TransportNode Start(ITestOutputHelper output, string name, string clusterId = "test", int port = 0, int generation = 1, ConnectionOptions? options = null)
    {
        var logger = new CapturingLogger<SiloConnectionManager>(output, name);
        var manager = new SiloConnectionManager(options ?? FastOptions(), logger);
        var bound = manager.Bind(new IPEndPoint(IPAddress.Loopback, port));
        var node = new TransportNode(manager, new SiloAddress(bound, generation), logger);
        manager.Start(
            node.Address,
            clusterId,
            message =>
            {
                if (node.OnMessage is { } handler)
                {
                    handler(message);
                }
                else
                {
                    node.Received.Enqueue(message);
                }
            },
            (message, error) => node.Failed.Enqueue((message, error)),
            silo => node.Lost.Enqueue(silo));
        return node;
    }

    public Message Message(TransportNode to, long id, MessageDirection direction = MessageDirection.OneWay, int bodyBytes = 16) => new()
    {
        Direction = direction,
        CorrelationId = id,
        SendingSilo = Address,
        TargetSilo = to.Address,
        TargetGrain = new GrainId("probe", "p1"),
        InterfaceName = "IProbe",
        MethodId = 7,
        Body = bodyBytes == SmallBody.Length ? SmallBody : new byte[bodyBytes],
    };

    public void Send(TransportNode to, long id) => Manager.Send(to.Address, Message(to, id));

    public ValueTask DisposeAsync() => Manager.DisposeAsync();
}
