using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Text;

namespace Vibe.Docker.Tests.Network;

/// <summary>
/// A minimal DNS server on UDP port 53 of an address inside a network namespace: it answers A queries for one name with one
/// address, and NXDOMAIN for every other name. The socket is made on a thread that has entered the namespace (setns), so it
/// belongs to that namespace while this process serves it from anywhere.
/// </summary>
internal sealed class NamespaceDnsResponder : IAsyncDisposable
{
    private const int CloneNewNet = 0x40000000;
    private const int OpenReadOnlyCloseOnExec = 0x80000;
    private const byte TypeA = 1, ClassIn = 1;

    private readonly Socket _socket;
    private readonly string _name;
    private readonly byte[] _address;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;

    private NamespaceDnsResponder(Socket socket, string name, IPAddress address)
    {
        _socket = socket;
        _name = name.TrimEnd('.').ToLowerInvariant();
        _address = address.GetAddressBytes();
        _serving = ServeAsync();
    }

    /// <summary>Serves on <paramref name="listen"/>:53 in network namespace <paramref name="netns"/> (made by <c>ip netns add</c>).</summary>
    public static NamespaceDnsResponder Start(string netns, IPAddress listen, string name, IPAddress address)
    {
        Socket? socket = null;
        ExceptionDispatchInfo? failure = null;

        // setns changes the calling thread only: a thread of our own enters the namespace, binds, and goes back.
        var thread = new Thread(() =>
        {
            try
            {
                socket = BindInNamespace(netns, new IPEndPoint(listen, 53));
            }
            catch (Exception ex)
            {
                failure = ExceptionDispatchInfo.Capture(ex);
            }
        });
        thread.Start();
        thread.Join();
        failure?.Throw();
        return new NamespaceDnsResponder(socket!, name, address);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        await _serving;
        _stop.Dispose();
    }

    /// <summary>The reply to <paramref name="query"/>, or null when it is not a DNS query with one question.</summary>
    internal byte[]? Answer(ReadOnlySpan<byte> query)
    {
        if (query.Length < 12 || (query[2] & 0x80) != 0 || BinaryPrimitives.ReadUInt16BigEndian(query[4..]) != 1)
        {
            return null;
        }

        var labels = new List<string>();
        var at = 12;
        while (at < query.Length && query[at] != 0)
        {
            var length = query[at];
            if (length > 63 || at + 1 + length >= query.Length)
            {
                return null;
            }

            labels.Add(Encoding.ASCII.GetString(query.Slice(at + 1, length)));
            at += 1 + length;
        }

        var questionEnd = at + 5;
        if (questionEnd > query.Length)
        {
            return null;
        }

        var known = string.Join('.', labels).ToLowerInvariant() == _name;
        var type = BinaryPrimitives.ReadUInt16BigEndian(query[(at + 1)..]);
        var @class = BinaryPrimitives.ReadUInt16BigEndian(query[(at + 3)..]);
        var answers = known && type == TypeA && @class == ClassIn ? 1 : 0;

        var reply = new List<byte>(questionEnd + 16);
        reply.AddRange(query[..2]); // id
        reply.Add((byte)(0x80 | (query[2] & 0x01))); // a response, recursion desired as asked
        reply.Add((byte)(0x80 | (known ? 0 : 3))); // recursion available; NOERROR or NXDOMAIN
        reply.AddRange([0, 1, 0, (byte)answers, 0, 0, 0, 0]);
        reply.AddRange(query[12..questionEnd]);
        if (answers == 1)
        {
            // The name by a pointer to the question's, type A, class IN, 60 s, four bytes of address.
            reply.AddRange([0xC0, 0x0C, 0, TypeA, 0, ClassIn, 0, 0, 0, 60, 0, 4]);
            reply.AddRange(_address);
        }

        return [.. reply];
    }

    private static Socket BindInNamespace(string netns, IPEndPoint endpoint)
    {
        var own = Open("/proc/thread-self/ns/net");
        try
        {
            var target = Open($"/run/netns/{netns}");
            try
            {
                Check(SetNs(target, CloneNewNet), $"setns into {netns}");
            }
            finally
            {
                _ = Close(target);
            }

            try
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                socket.Bind(endpoint);
                return socket;
            }
            finally
            {
                Check(SetNs(own, CloneNewNet), "setns back to the test's namespace");
            }
        }
        finally
        {
            _ = Close(own);
        }
    }

    private static int Open(string path)
    {
        var fd = OpenFile(path, OpenReadOnlyCloseOnExec);
        Check(fd, $"open {path}");
        return fd;
    }

    private static void Check(int result, string what)
    {
        if (result < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"{what} failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");
        }
    }

    private async Task ServeAsync()
    {
        var buffer = new byte[1500];
        while (!_stop.IsCancellationRequested)
        {
            try
            {
                var received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(IPAddress.Any, 0), _stop.Token);
                if (Answer(buffer.AsSpan(0, received.ReceivedBytes)) is { } reply)
                {
                    await _socket.SendToAsync(reply, SocketFlags.None, received.RemoteEndPoint, _stop.Token);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException) when (!_stop.IsCancellationRequested)
            {
                // One client's error (an ICMP reply to an answer): go on serving the others.
            }
        }
    }

    // DllImport rather than LibraryImport, as in HostDirectoryOwnership (no unsafe code in the project).
    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int OpenFile([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);

    [DllImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static extern int SetNs(int fd, int nstype);
}
