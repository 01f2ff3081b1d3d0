using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using Vibe.Docker.Transport;

namespace Vibe.Docker.Logs;

/// <summary>Turns a logs response body into lines: demultiplexed when the container has no TTY, raw (all stdout) when it has one.</summary>
internal static class LogReader
{
    private const int BufferSize = 16 * 1024;

    public static async IAsyncEnumerable<LogLine> ReadLinesAsync(Stream body, bool tty, bool timestamps, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        using var stdout = new LineSplitter();
        using var stderr = new LineSplitter();
        var demultiplexer = tty ? null : new MultiplexedStreamReader(body);
        try
        {
            while (true)
            {
                StdStream stream;
                int count;
                if (demultiplexer is null)
                {
                    stream = StdStream.Stdout;
                    count = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    (stream, count) = await demultiplexer.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                }

                if (count == 0)
                {
                    break;
                }

                var splitter = stream == StdStream.Stderr ? stderr : stdout;
                splitter.Append(buffer.AsSpan(0, count));
                while (splitter.TryReadLine(out var text))
                {
                    yield return ToLine(stream, text, timestamps);
                }
            }

            if (stdout.HasPartialLine)
            {
                yield return ToLine(StdStream.Stdout, stdout.ReadRest(), timestamps);
            }

            if (stderr.HasPartialLine)
            {
                yield return ToLine(StdStream.Stderr, stderr.ReadRest(), timestamps);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    internal static LogLine ToLine(StdStream stream, string text, bool timestamps)
    {
        if (!timestamps)
        {
            return new LogLine(stream, text, null);
        }

        var space = text.IndexOf(' ', StringComparison.Ordinal);
        var stampText = space < 0 ? text : text[..space];
        return TryParseTimestamp(stampText, out var timestamp)
            ? new LogLine(stream, space < 0 ? "" : text[(space + 1)..], timestamp)
            : new LogLine(stream, text, null);
    }

    /// <summary>Parses the daemon's RFC 3339 time with nanoseconds (<c>2024-05-01T10:00:00.123456789Z</c>), keeping the 100 ns .NET can hold.</summary>
    internal static bool TryParseTimestamp(string text, out DateTimeOffset timestamp)
    {
        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0)
        {
            var digitsEnd = dot + 1;
            while (digitsEnd < text.Length && char.IsAsciiDigit(text[digitsEnd]))
            {
                digitsEnd++;
            }

            if (digitsEnd - dot - 1 > 7)
            {
                text = string.Concat(text.AsSpan(0, dot + 8), text.AsSpan(digitsEnd));
            }
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out timestamp);
    }
}
