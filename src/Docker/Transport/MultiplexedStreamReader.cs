using System.Buffers.Binary;
using Vibe.Docker.Logs;

namespace Vibe.Docker.Transport;

/// <summary>
/// Reads the daemon's multiplexed stdout/stderr format (used when there is no TTY): frames of an 8-byte header
/// <c>[stream, 0, 0, 0, size (4 bytes, big-endian)]</c> followed by <c>size</c> bytes. Reads go straight into the caller's buffer.
/// </summary>
internal sealed class MultiplexedStreamReader
{
    private const int HeaderSize = 8;

    private readonly Stream _inner;
    private readonly byte[] _header = new byte[HeaderSize];
    private StdStream _current;
    private int _remaining;

    public MultiplexedStreamReader(Stream inner)
    {
        _inner = inner;
    }

    /// <summary>Reads up to <paramref name="buffer"/>.Length bytes of one frame; a count of 0 means the stream ended.</summary>
    public async ValueTask<(StdStream Stream, int Count)> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (buffer.IsEmpty)
        {
            throw new ArgumentException("The buffer must not be empty.", nameof(buffer));
        }

        while (_remaining == 0)
        {
            var headerRead = await _inner.ReadAtLeastAsync(_header, HeaderSize, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (headerRead == 0)
            {
                return (_current, 0);
            }

            if (headerRead < HeaderSize)
            {
                throw new EndOfStreamException("The stream ended inside a multiplexed frame header.");
            }

            var type = _header[0];
            if (type > (byte)StdStream.Stderr || _header[1] != 0 || _header[2] != 0 || _header[3] != 0)
            {
                throw new InvalidDataException($"Not a multiplexed stream: frame header starts with 0x{type:x2}{_header[1]:x2}{_header[2]:x2}{_header[3]:x2}. Is the container or exec using a TTY?");
            }

            _current = (StdStream)type;
            _remaining = checked((int)BinaryPrimitives.ReadUInt32BigEndian(_header.AsSpan(4)));
        }

        var toRead = Math.Min(_remaining, buffer.Length);
        var read = await _inner.ReadAsync(buffer[..toRead], cancellationToken).ConfigureAwait(false);
        if (read == 0)
        {
            throw new EndOfStreamException("The stream ended inside a multiplexed frame.");
        }

        _remaining -= read;
        return (_current, read);
    }
}
