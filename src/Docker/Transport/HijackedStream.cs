using System.Net.Sockets;

namespace Vibe.Docker.Transport;

/// <summary>The raw duplex byte stream left on a connection after the daemon upgraded it (exec start, attach). Bytes read past the HTTP head come first.</summary>
internal sealed class HijackedStream : Stream
{
    private readonly Socket _socket;
    private readonly NetworkStream _stream;
    private readonly byte[] _prefix;
    private int _prefixOffset;
    private readonly int _prefixEnd;

    public HijackedStream(Socket socket, byte[] prefix)
    {
        _socket = socket;
        _stream = new NetworkStream(socket, ownsSocket: true);
        _prefix = prefix;
        _prefixEnd = prefix.Length;
    }

    public override bool CanRead => true;

    public override bool CanWrite => true;

    public override bool CanSeek => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <summary>Half-closes the connection: the process reads end-of-file on stdin while its output keeps flowing.</summary>
    public void CloseWrite()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            // Already closed by the other side.
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_prefixOffset < _prefixEnd)
        {
            var count = Math.Min(buffer.Length, _prefixEnd - _prefixOffset);
            _prefix.AsSpan(_prefixOffset, count).CopyTo(buffer.Span);
            _prefixOffset += count;
            return ValueTask.FromResult(count);
        }

        return _stream.ReadAsync(buffer, cancellationToken);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (_prefixOffset < _prefixEnd)
        {
            var n = Math.Min(count, _prefixEnd - _prefixOffset);
            Buffer.BlockCopy(_prefix, _prefixOffset, buffer, offset, n);
            _prefixOffset += n;
            return n;
        }

        return _stream.Read(buffer, offset, count);
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
        _stream.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        _stream.WriteAsync(buffer, offset, count, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count) => _stream.Write(buffer, offset, count);

    public override void Flush()
    {
    }

    public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stream.Dispose();
        }

        base.Dispose(disposing);
    }
}
