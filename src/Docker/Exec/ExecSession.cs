using System.Text;
using Vibe.Docker.Logs;
using Vibe.Docker.Transport;

namespace Vibe.Docker.Exec;

/// <summary>
/// A started exec instance on its hijacked connection: write to the process's stdin, read its output
/// (demultiplexed into stdout/stderr when there is no TTY, raw as stdout when there is), resize its TTY.
/// Reads and writes may run concurrently (one reader and one writer).
/// </summary>
public sealed class ExecSession : IAsyncDisposable
{
    private readonly ExecOperations _operations;
    private readonly HijackedStream _stream;
    private readonly MultiplexedStreamReader? _demultiplexer;
    private int _disposed;

    internal ExecSession(ExecOperations operations, string execId, bool tty, HijackedStream stream)
    {
        _operations = operations;
        ExecId = execId;
        Tty = tty;
        _stream = stream;
        _demultiplexer = tty ? null : new MultiplexedStreamReader(stream);
    }

    public string ExecId { get; }

    public bool Tty { get; }

    /// <summary>Reads the next output bytes into <paramref name="buffer"/>; <see cref="ExecReadResult.IsCompleted"/> once the process has closed its output.</summary>
    public async ValueTask<ExecReadResult> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_demultiplexer is not null)
        {
            var (stream, count) = await _demultiplexer.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            return new ExecReadResult(stream, count);
        }

        var read = await _stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        return new ExecReadResult(StdStream.Stdout, read);
    }

    /// <summary>Writes to the process's stdin (the exec must have been created with AttachStdin).</summary>
    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default) =>
        _stream.WriteAsync(data, cancellationToken);

    /// <summary>Writes UTF-8 text to the process's stdin.</summary>
    public ValueTask WriteAsync(string text, CancellationToken cancellationToken = default) =>
        _stream.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);

    /// <summary>Closes stdin (the process reads end-of-file) while output keeps flowing.</summary>
    public void CloseStdin() => _stream.CloseWrite();

    /// <summary>Resizes the exec's TTY (rows × columns).</summary>
    public Task ResizeAsync(int height, int width, CancellationToken cancellationToken = default) =>
        _operations.ResizeAsync(ExecId, height, width, cancellationToken);

    /// <summary>Waits for the process to exit and returns its exit code.</summary>
    public Task<int> WaitForExitAsync(CancellationToken cancellationToken = default) =>
        _operations.WaitForExitAsync(ExecId, cancellationToken);

    /// <summary>Closes the connection. The process keeps running unless closing its stdin/TTY ends it.</summary>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            return _stream.DisposeAsync();
        }

        return ValueTask.CompletedTask;
    }
}
