using System.Text;
using Vibe.Docker.Runtime;

namespace Vibe.Docker.Tests.Fixtures;

/// <summary>Accumulates a terminal's output as text so tests can await what they expect to see.</summary>
internal sealed class TerminalTranscript(IContainerTerminal terminal)
{
    private readonly byte[] _buffer = new byte[4096];
    private readonly char[] _chars = new char[4100];
    private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();
    private readonly StringBuilder _text = new();

    public string Text => _text.ToString();

    /// <summary>Reads until <paramref name="condition"/> holds for the text; false if the output ended first.</summary>
    public async Task<bool> ReadUntilAsync(Func<string, bool> condition, CancellationToken cancellationToken)
    {
        while (!condition(Text))
        {
            if (!await ReadOnceAsync(cancellationToken))
            {
                return condition(Text);
            }
        }

        return true;
    }

    public async Task ReadToEndAsync(CancellationToken cancellationToken)
    {
        while (await ReadOnceAsync(cancellationToken))
        {
        }
    }

    private async Task<bool> ReadOnceAsync(CancellationToken cancellationToken)
    {
        var read = await terminal.ReadAsync(_buffer, cancellationToken);
        var count = _decoder.GetChars(_buffer, 0, read, _chars, 0, flush: read == 0);
        _text.Append(_chars, 0, count);
        return read > 0;
    }
}
