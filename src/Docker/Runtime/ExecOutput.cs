using System.Buffers;
using System.Text;
using Docker.DotNet;

namespace Vibe.Docker.Runtime;

/// <summary>
/// The stdout and stderr of an exec without a TTY, kept apart and each capped at a number of bytes (the rest is read and
/// dropped). What arrived stays readable when reading stops early, as it does when a command outlives its timeout.
/// </summary>
internal sealed class ExecOutput(int maxBytesPerStream)
{
    private const int ReadBufferSize = 16 * 1024;

    private readonly ArrayBufferWriter<byte> _stdout = new();
    private readonly ArrayBufferWriter<byte> _stderr = new();

    public string Stdout => Encoding.UTF8.GetString(_stdout.WrittenSpan);

    public string Stderr => Encoding.UTF8.GetString(_stderr.WrittenSpan);

    public bool Truncated { get; private set; }

    /// <summary>Reads <paramref name="stream"/> until the process has closed its output.</summary>
    public async Task ReadToEndAsync(MultiplexedStream stream, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(ReadBufferSize);
        try
        {
            while (true)
            {
                var result = await stream.ReadOutputAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false);
                if (result.EOF)
                {
                    return;
                }

                var target = result.Target == MultiplexedStream.TargetStream.StandardError ? _stderr : _stdout;
                var keep = Math.Min(result.Count, maxBytesPerStream - target.WrittenCount);
                if (keep > 0)
                {
                    target.Write(buffer.AsSpan(0, keep));
                }

                Truncated |= keep < result.Count;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
