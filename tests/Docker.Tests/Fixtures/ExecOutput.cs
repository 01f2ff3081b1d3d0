using System.Text;
using Vibe.Docker.Exec;
using Vibe.Docker.Logs;

namespace Vibe.Docker.Tests.Fixtures;

/// <summary>Accumulates an exec session's output so tests can await what they expect to see.</summary>
internal sealed class ExecOutput
{
    private readonly ExecSession _session;
    private readonly byte[] _buffer = new byte[4096];
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();

    public ExecOutput(ExecSession session)
    {
        _session = session;
    }

    public string Stdout => _stdout.ToString();

    public string Stderr => _stderr.ToString();

    public bool Completed { get; private set; }

    /// <summary>Reads until <paramref name="condition"/> holds for stdout; false if the output ended first.</summary>
    public async Task<bool> ReadUntilAsync(Func<string, bool> condition, CancellationToken cancellationToken)
    {
        while (!condition(Stdout))
        {
            if (!await ReadOnceAsync(cancellationToken))
            {
                return condition(Stdout);
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
        var result = await _session.ReadAsync(_buffer, cancellationToken);
        if (result.IsCompleted)
        {
            Completed = true;
            return false;
        }

        (result.Stream == StdStream.Stderr ? _stderr : _stdout).Append(Encoding.UTF8.GetString(_buffer, 0, result.Count));
        return true;
    }
}
