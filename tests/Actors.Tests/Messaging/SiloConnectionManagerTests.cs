using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Vibe.Actors.Cluster;
using Vibe.Actors.Hosting;
using Vibe.Actors.Messaging;
using Vibe.Actors.Testing;
using Xunit.Abstractions;

namespace Vibe.Actors.Tests.Messaging;

public sealed class SiloConnectionManagerTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task HundredThousandMessagesEachWayArriveInOrder()
    {
        const int count = 100_000;
        await using var a = TransportNode.Start(output, "a");
        await using var b = TransportNode.Start(output, "b");
        var inOrderAtA = new OrderCheck();
        var inOrderAtB = new OrderCheck();
        a.OnMessage = inOrderAtA.Observe;
        b.OnMessage = inOrderAtB.Observe;

        var clock = Stopwatch.StartNew();
        var start = new ManualResetEventSlim();
        var aSends = SendRangeOnOwnThread(a, b, count, start);
        var bSends = SendRangeOnOwnThread(b, a, count, start);
        start.Set();
        await Task.WhenAll(aSends, bSends);
        await Eventually.Until(() => inOrderAtA.Count + b.Failed.Count == count && inOrderAtB.Count + a.Failed.Count == count, "every message delivered or failed", Patience);
        clock.Stop();

        Assert.Empty(a.Failed);
        Assert.Empty(b.Failed);
        Assert.Null(inOrderAtA.FirstGap);
        Assert.Null(inOrderAtB.FirstGap);
        await Eventually.Until(() => a.Manager.OpenConnectionCount == 1 && b.Manager.OpenConnectionCount == 1, "one connection per pair");
        output.WriteLine($"{2 * count:N0} messages (both ways at once) in {clock.Elapsed.TotalMilliseconds:N0} ms: {2 * count / clock.Elapsed.TotalSeconds:N0} msg/s");
    }

    [Fact]
    public async Task SimultaneousFirstSendsShareOneConnectionAndLoseNothing()
    {
        for (var round = 0; round < 20; round++)
        {
            await using var a = TransportNode.Start(output, $"a{round}");
            await using var b = TransportNode.Start(output, $"b{round}");
            var inOrderAtA = new OrderCheck();
            var inOrderAtB = new OrderCheck();
            a.OnMessage = inOrderAtA.Observe;
            b.OnMessage = inOrderAtB.Observe;

            var start = new ManualResetEventSlim();
            var sends = Task.WhenAll(SendRangeOnOwnThread(a, b, 200, start), SendRangeOnOwnThread(b, a, 200, start));
            start.Set();
            await sends;

            await Eventually.Until(() => inOrderAtA.Count == 200 && inOrderAtB.Count == 200, $"round {round}: all 400 messages delivered (failed: {a.Failed.Count + b.Failed.Count})");
            Assert.Null(inOrderAtA.FirstGap);
            Assert.Null(inOrderAtB.FirstGap);
            Assert.Empty(a.Failed);
            Assert.Empty(b.Failed);
            await Eventually.Until(() => a.Manager.OpenConnectionCount == 1 && b.Manager.OpenConnectionCount == 1, $"round {round}: one connection per pair");
        }
    }

    [Fact]
    public async Task RequestsAndResponsesPingPongOverOneConnection()
    {
        await using var caller = TransportNode.Start(output, "caller");
        await using var callee = TransportNode.Start(output, "callee");
        var waiting = new ConcurrentDictionary<long, TaskCompletionSource<Message>>();
        callee.OnMessage = request => callee.Manager.Send(request.SendingSilo!, new Message
        {
            Direction = MessageDirection.Response,
            CorrelationId = request.CorrelationId,
            SendingSilo = callee.Address,
            TargetSilo = request.SendingSilo,
            Body = request.Body,
        });
        caller.OnMessage = response => waiting[response.CorrelationId].TrySetResult(response);

        const int rounds = 2_000;
        var clock = Stopwatch.StartNew();
        for (var id = 1; id <= rounds; id++)
        {
            var answer = waiting[id] = new TaskCompletionSource<Message>(TaskCreationOptions.RunContinuationsAsynchronously);
            caller.Manager.Send(callee.Address, caller.Message(callee, id, MessageDirection.Request));
            var response = await answer.Task.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal(MessageDirection.Response, response.Direction);
            Assert.Equal(callee.Address, response.SendingSilo);
        }

        clock.Stop();
        Assert.Empty(caller.Failed);
        Assert.Empty(callee.Failed);
        Assert.Equal(1, caller.Manager.OpenConnectionCount);
        Assert.Equal(1, callee.Manager.OpenConnectionCount);
        output.WriteLine($"{rounds:N0} round trips, {clock.Elapsed.TotalMicroseconds / rounds:N0} µs each");
    }

    [Fact]
    public async Task WrongClusterIdIsRefused()
    {
        await using var sender = TransportNode.Start(output, "sender", clusterId: "cluster-a");
        await using var receiver = TransportNode.Start(output, "receiver", clusterId: "cluster-b");

        sender.Send(receiver, 1);

        await Eventually.Until(() => !sender.Failed.IsEmpty, "the sender is told the message failed");
        Assert.IsType<SiloUnavailableException>(sender.Failed.Single().Error);
        Assert.Empty(receiver.Received);
        Assert.Contains(receiver.Logger.Lines, line => line.Contains("Warning", StringComparison.Ordinal) && line.Contains("cluster-a", StringComparison.Ordinal) && line.Contains("cluster-b", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SendToClosedPortFailsFastWellUnderTheConnectTimeout()
    {
        var options = new ConnectionOptions();
        await using var sender = TransportNode.Start(output, "sender", options: options);
        var closed = new SiloAddress(new IPEndPoint(IPAddress.Loopback, FreePort()), 1);

        var clock = Stopwatch.StartNew();
        sender.Manager.Send(closed, new Message { Direction = MessageDirection.OneWay, SendingSilo = sender.Address, TargetSilo = closed });
        await Eventually.Until(() => !sender.Failed.IsEmpty, "the send to a closed port fails");
        clock.Stop();

        Assert.True(clock.Elapsed < options.ConnectTimeout / 5, $"failed after {clock.Elapsed.TotalMilliseconds:N0} ms");
        Assert.IsType<SiloUnavailableException>(sender.Failed.Single().Error);
        output.WriteLine($"failed after {clock.Elapsed.TotalMilliseconds:N1} ms");
    }

    [Fact]
    public async Task SendsToTheOldAddressFailOnceThePeerRestartedWithANewGeneration()
    {
        await using var sender = TransportNode.Start(output, "sender");
        var old = TransportNode.Start(output, "old", generation: 1);
        sender.Send(old, 1);
        await Eventually.Until(() => old.Received.Count == 1, "the first generation gets a message");

        old.Manager.Abort();
        await using var restarted = TransportNode.Start(output, "restarted", port: old.Address.Endpoint.Port, generation: 2);
        await Eventually.Until(() => !sender.Lost.IsEmpty, "the sender sees the old connection drop");

        sender.Send(old, 2);
        await Eventually.Until(() => !sender.Failed.IsEmpty, "the send to the old generation fails");

        var error = Assert.IsType<SiloUnavailableException>(sender.Failed.Single().Error);
        Assert.Contains($"{old.Address} was replaced by generation 2", error.Message, StringComparison.Ordinal);
        Assert.Empty(restarted.Received);

        // From now on such sends fail at once, without connecting.
        sender.Send(old, 3);
        await Eventually.Until(() => sender.Failed.Count == 2, "the next send fails too");
        Assert.Contains("generation 2", sender.Failed.Last().Error.Message, StringComparison.Ordinal);
        await old.DisposeAsync();
    }

    [Fact]
    public async Task AbortMakesThePeerSeeTheConnectionLostPromptly()
    {
        await using var survivor = TransportNode.Start(output, "survivor");
        var killed = TransportNode.Start(output, "killed");
        survivor.Send(killed, 1);
        await Eventually.Until(() => killed.Received.Count == 1, "the connection is up");

        var clock = Stopwatch.StartNew();
        killed.Manager.Abort();
        await Eventually.Until(() => survivor.Lost.Contains(killed.Address), "the survivor sees the connection drop", TimeSpan.FromSeconds(2));
        output.WriteLine($"connection loss seen after {clock.Elapsed.TotalMilliseconds:N1} ms");

        survivor.Send(killed, 2);
        await Eventually.Until(() => !survivor.Failed.IsEmpty, "sends to the killed silo fail");
        await killed.DisposeAsync();
    }

    [Fact]
    public async Task BlockDropsTrafficBothWaysAndUnblockRestoresIt()
    {
        await using var a = TransportNode.Start(output, "a");
        await using var b = TransportNode.Start(output, "b");
        a.Send(b, 1);
        b.Send(a, 1);
        await Eventually.Until(() => a.Received.Count == 1 && b.Received.Count == 1, "traffic flows both ways");

        a.Manager.Block(b.Address.Endpoint);
        await Eventually.Until(() => b.Lost.Contains(a.Address), "b sees its connection to a closed");
        a.Send(b, 2);
        b.Send(a, 2);
        await Eventually.Until(() => !a.Failed.IsEmpty, "a's send to b fails");
        await Eventually.Until(() => b.Failed.Any(f => f.Message.CorrelationId == 2), "b's send to a fails");
        Assert.Single(a.Received);
        Assert.Single(b.Received);

        a.Manager.Unblock(b.Address.Endpoint);
        var next = 3;
        await Eventually.Until(
            () =>
            {
                a.Send(b, next);
                b.Send(a, next);
                next++;
                return a.Received.Count > 1 && b.Received.Count > 1;
            },
            "traffic flows both ways again");
    }

    [Fact]
    public async Task MarkDeadFailsLaterSendsAndClosesTheConnection()
    {
        await using var a = TransportNode.Start(output, "a");
        await using var b = TransportNode.Start(output, "b");
        a.Send(b, 1);
        await Eventually.Until(() => b.Received.Count == 1, "the connection is up");

        a.Manager.MarkDead(b.Address);
        a.Send(b, 2);

        await Eventually.Until(() => !a.Failed.IsEmpty, "the send to the dead silo fails");
        var error = Assert.IsType<SiloUnavailableException>(a.Failed.Single().Error);
        Assert.Contains("declared dead", error.Message, StringComparison.Ordinal);
        await Eventually.Until(() => b.Lost.Contains(a.Address), "the dead silo's side of the connection closes");
        Assert.Single(b.Received);
    }

    [Fact]
    public async Task AFrameWithABogusLengthClosesOnlyThatConnection()
    {
        await using var a = TransportNode.Start(output, "a");
        await using var b = TransportNode.Start(output, "b");
        a.Send(b, 1);
        await Eventually.Until(() => b.Received.Count == 1, "a and b are connected");

        var intruder = new SiloAddress(new IPEndPoint(IPAddress.Loopback, FreePort()), 1);
        using var raw = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await raw.ConnectAsync(b.Address.Endpoint);
        await raw.SendAsync(new SiloPreamble(HandshakeStatus.Hello, "test", intruder, b.Address).ToArray());
        var answer = await ReadPreambleAsync(raw);
        Assert.Equal(HandshakeStatus.Accepted, answer.Status);

        var bogus = new byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(bogus, MessageCodec.MaxFrameLength + 1);
        await raw.SendAsync(bogus);

        await Eventually.Until(() => b.Lost.Contains(intruder), "b closes the intruder's connection");
        Assert.True(await IsClosedByPeerAsync(raw), "the intruder's socket is closed");
        Assert.Contains(b.Logger.Lines, line => line.Contains("malformed frame", StringComparison.Ordinal));

        a.Send(b, 2);
        b.Send(a, 2);
        await Eventually.Until(() => b.Received.Count == 2 && a.Received.Count == 1, "a and b still talk");
        Assert.Empty(a.Lost);
        Assert.DoesNotContain(a.Address, b.Lost);
    }

    [Fact]
    public async Task AnOversizedMessageFailsAloneAndTheConnectionStays()
    {
        await using var a = TransportNode.Start(output, "a");
        await using var b = TransportNode.Start(output, "b");
        a.Send(b, 1);
        await Eventually.Until(() => b.Received.Count == 1, "the connection is up");

        a.Manager.Send(b.Address, a.Message(b, 2, bodyBytes: MessageCodec.MaxFrameLength + 1));
        a.Send(b, 3);

        await Eventually.Until(() => b.Received.Count == 2, "the next message still arrives");
        Assert.Equal(2, a.Failed.Single().Message.CorrelationId);
        Assert.Equal([1L, 3L], b.Received.Select(m => m.CorrelationId));
        Assert.Empty(a.Lost);
    }

    [Fact]
    public async Task StopAsyncFlushesQueuedFramesBeforeClosing()
    {
        const int count = 20_000;
        var a = TransportNode.Start(output, "a");
        await using var b = TransportNode.Start(output, "b");
        a.Send(b, 0);
        await Eventually.Until(() => b.Received.Count == 1, "the connection is up");

        for (var id = 1; id <= count; id++)
        {
            a.Send(b, id);
        }

        await a.Manager.StopAsync(CancellationToken.None);

        Assert.Equal(count + 1, b.Received.Count);
        Assert.Empty(a.Failed);
        await Eventually.Until(() => b.Lost.Contains(a.Address), "b sees a leave");
        await a.DisposeAsync();
    }

    /// <summary>Sends ids 0..count-1 once <paramref name="start"/> is set, on a thread of its own (not one of the 2 pool threads the loops need).</summary>
    private static Task SendRangeOnOwnThread(TransportNode from, TransportNode to, int count, ManualResetEventSlim start) =>
        Task.Factory.StartNew(
            () =>
            {
                start.Wait();
                for (var id = 0; id < count; id++)
                {
                    from.Send(to, id);
                }
            },
            CancellationToken.None,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

    private static int FreePort()
    {
        using var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.LocalEndPoint!).Port;
    }

    private static async Task<bool> IsClosedByPeerAsync(Socket socket)
    {
        try
        {
            return await socket.ReceiveAsync(new byte[16]).WaitAsync(TimeSpan.FromSeconds(5)) == 0;
        }
        catch (SocketException)
        {
            return true; // reset
        }
    }

    private static async Task<SiloPreamble> ReadPreambleAsync(Socket socket)
    {
        var received = new ArrayBufferWriter<byte>();
        while (true)
        {
            var memory = received.GetMemory(256);
            var read = await socket.ReceiveAsync(memory).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
            Assert.True(read > 0, "the silo closed the connection during the handshake");
            received.Advance(read);
            var buffer = new ReadOnlySequence<byte>(received.WrittenMemory);
            if (SiloPreamble.TryRead(ref buffer, out var preamble))
            {
                return preamble!;
            }
        }
    }

    /// <summary>Counts messages from one sender (one read loop) and remembers the first id out of sequence.</summary>
    private sealed class OrderCheck
    {
        private long _next;
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public string? FirstGap { get; private set; }

        public void Observe(Message message)
        {
            if (message.CorrelationId != _next && FirstGap is null)
            {
                FirstGap = $"expected #{_next}, got #{message.CorrelationId}";
            }

            _next = message.CorrelationId + 1;
            Interlocked.Increment(ref _count);
        }
    }
}
