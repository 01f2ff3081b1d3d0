using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;

namespace Vibe.Docker.Transport;

/// <summary>
/// Sends a request that the daemon answers by taking over the connection (<c>Connection: Upgrade</c>, <c>Upgrade: tcp</c>),
/// as for exec start, and returns the raw stream. HttpClient cannot do this on HTTP/1.1, so it is written on a socket of its own.
/// </summary>
internal static class Hijacker
{
    private const int MaxHeadBytes = 64 * 1024;
    private static ReadOnlySpan<byte> HeadTerminator => "\r\n\r\n"u8;

    public static async Task<HijackedStream> HijackAsync(DockerTransport transport, string pathAndQuery, byte[] jsonBody, CancellationToken cancellationToken)
    {
        var endpoint = transport.Endpoint;
        var socket = await endpoint.ConnectAsync(cancellationToken).ConfigureAwait(false);
        var buffer = ArrayPool<byte>.Shared.Rent(8192);
        var handedOver = false;
        try
        {
            var head = string.Create(
                CultureInfo.InvariantCulture,
                $"POST {transport.Versioned(pathAndQuery)} HTTP/1.1\r\nHost: {(endpoint.IsUnixSocket ? "docker" : endpoint.Host + ":" + endpoint.Port)}\r\nUser-Agent: Vibe.Docker\r\nContent-Type: application/json\r\nContent-Length: {jsonBody.Length}\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n");
            var headBytes = Encoding.ASCII.GetBytes(head);
            await socket.SendAsync(headBytes, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            await socket.SendAsync(jsonBody, SocketFlags.None, cancellationToken).ConfigureAwait(false);

            // Read until the end of the response head; whatever follows it already belongs to the raw stream.
            var filled = 0;
            int headEnd;
            while ((headEnd = buffer.AsSpan(0, filled).IndexOf(HeadTerminator)) < 0)
            {
                if (filled == buffer.Length)
                {
                    if (buffer.Length >= MaxHeadBytes)
                    {
                        throw new InvalidDataException("The daemon's response head is larger than 64 KiB.");
                    }

                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, filled).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    throw new IOException("The daemon closed the connection before answering the upgrade request.");
                }

                filled += read;
            }

            var (status, contentLength, chunked) = ParseHead(buffer.AsSpan(0, headEnd));
            var bodyStart = headEnd + HeadTerminator.Length;
            if (status is HttpStatusCode.SwitchingProtocols or HttpStatusCode.OK)
            {
                // The leftover bytes are copied so the pooled buffer can go back now.
                var prefix = buffer.AsSpan(bodyStart, filled - bodyStart).ToArray();
                transport.Logger.LogDebug("Hijacked {Path} ({Status})", pathAndQuery, (int)status);
                handedOver = true;
                return new HijackedStream(socket, prefix);
            }

            var body = await ReadErrorBodyAsync(socket, buffer.AsMemory(bodyStart, filled - bodyStart), contentLength, chunked, cancellationToken).ConfigureAwait(false);
            throw DockerTransport.CreateException(status, body);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            if (!handedOver)
            {
                socket.Dispose();
            }
        }
    }

    private static (HttpStatusCode Status, int? ContentLength, bool Chunked) ParseHead(ReadOnlySpan<byte> head)
    {
        var text = Encoding.ASCII.GetString(head);
        var lines = text.Split("\r\n");
        var statusLine = lines[0].Split(' ', 3);
        if (statusLine.Length < 2 || !statusLine[0].StartsWith("HTTP/", StringComparison.Ordinal)
            || !int.TryParse(statusLine[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status))
        {
            throw new InvalidDataException($"The daemon sent a malformed status line: '{lines[0]}'.");
        }

        int? contentLength = null;
        var chunked = false;
        for (var i = 1; i < lines.Length; i++)
        {
            var colon = lines[i].IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var name = lines[i].AsSpan(0, colon).Trim();
            var value = lines[i].AsSpan(colon + 1).Trim();
            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)
                && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var length))
            {
                contentLength = length;
            }
            else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)
                && value.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            {
                chunked = true;
            }
        }

        return ((HttpStatusCode)status, contentLength, chunked);
    }

    /// <summary>Reads a small error body (JSON with the daemon's message) by length, by chunks, or to the end of the connection.</summary>
    private static async Task<byte[]> ReadErrorBodyAsync(Socket socket, ReadOnlyMemory<byte> already, int? contentLength, bool chunked, CancellationToken cancellationToken)
    {
        using var raw = new MemoryStream();
        raw.Write(already.Span);
        var chunk = new byte[4096];
        while (!IsComplete(raw, contentLength, chunked) && raw.Length < MaxHeadBytes)
        {
            var read = await socket.ReceiveAsync(chunk, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            raw.Write(chunk, 0, read);
        }

        var bytes = raw.ToArray();
        if (contentLength is { } length && bytes.Length > length)
        {
            return bytes[..length];
        }

        return chunked ? Dechunk(bytes) : bytes;
    }

    private static bool IsComplete(MemoryStream raw, int? contentLength, bool chunked)
    {
        if (contentLength is { } length)
        {
            return raw.Length >= length;
        }

        // A chunked body ends with a zero-length chunk.
        return chunked && raw.GetBuffer().AsSpan(0, (int)raw.Length).EndsWith("0\r\n\r\n"u8);
    }

    private static byte[] Dechunk(byte[] bytes)
    {
        using var body = new MemoryStream();
        var position = 0;
        while (position < bytes.Length)
        {
            var lineEnd = bytes.AsSpan(position).IndexOf("\r\n"u8);
            if (lineEnd < 0)
            {
                break;
            }

            var sizeText = Encoding.ASCII.GetString(bytes, position, lineEnd).Split(';')[0].Trim();
            if (!int.TryParse(sizeText, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var size) || size == 0)
            {
                break;
            }

            position += lineEnd + 2;
            body.Write(bytes, position, Math.Min(size, bytes.Length - position));
            position += size + 2;
        }

        return body.ToArray();
    }
}
