using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;
using Docker.DotNet;

namespace Vibe.Docker.Logs;

/// <summary>Turns a container's logs, requested with timestamps, into lines; stdout and stderr each have their own partial line.</summary>
internal static class LogReader
{
    private const int BufferSize = 16 * 1024;

    public static async IAsyncEnumerable<LogLine> ReadLinesAsync(MultiplexedStream output, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        using var stdout = new LineSplitter();
        using var stderr = new LineSplitter();
        try
        {
            while (true)
            {
                var result = await output.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false);
                if (result.EOF)
                {
                    break;
                }

                var stream = result.Target == MultiplexedStream.TargetStream.StandardError ? StdStream.Stderr : StdStream.Stdout;
                var splitter = stream == StdStream.Stderr ? stderr : stdout;
                splitter.Append(buffer.AsSpan(0, result.Count));
                while (splitter.TryReadLine(out var text))
                {
                    yield return ToLine(stream, text);
                }
            }

            if (stdout.HasPartialLine)
            {
                yield return ToLine(StdStream.Stdout, stdout.ReadRest());
            }

            if (stderr.HasPartialLine)
            {
                yield return ToLine(StdStream.Stderr, stderr.ReadRest());
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Splits the daemon's timestamp prefix (<c>2024-05-01T10:00:00.123456789Z text</c>) off a line.</summary>
    internal static LogLine ToLine(StdStream stream, string text)
    {
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
