using System.Text;
using Vibe.Grains.Interfaces.Terminals;

namespace Vibe.Bench.Terminals;

/// <summary>
/// A terminal session's output as a watcher of the session grain sees it (an <see cref="ITerminalObserver"/>, as WebFront's
/// hub feed watches it), with a wait for text that has not arrived yet.
/// </summary>
internal sealed class TerminalEchoWatcher : ITerminalObserver, IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly StringBuilder _text = new();
    private IContainerSessionGrain? _session;
    private ITerminalObserver? _reference;
    private (string Text, int From, TaskCompletionSource Arrived)? _awaited;

    private TerminalEchoWatcher()
    {
    }

    /// <summary>The length of the output so far: a wait from here on sees only what arrives later.</summary>
    public int Length
    {
        get
        {
            lock (_lock)
            {
                return _text.Length;
            }
        }
    }

    public static async Task<TerminalEchoWatcher> WatchAsync(IGrainFactory grains, IContainerSessionGrain session)
    {
        var watcher = new TerminalEchoWatcher { _session = session };
        watcher._reference = grains.CreateObjectReference<ITerminalObserver>(watcher);
        await session.Watch(watcher._reference);
        return watcher;
    }

    Task ITerminalObserver.OnOutput(TerminalOutput output)
    {
        Append(output.Data);
        return Task.CompletedTask;
    }

    Task ITerminalObserver.OnExited(TerminalExited exited) => Task.CompletedTask;

    /// <summary>Completes when <paramref name="text"/> has arrived at or after <paramref name="from"/>; returns where it ends.</summary>
    public async Task<int> WaitForAsync(string text, int from, TimeSpan timeout)
    {
        Task arrived;
        lock (_lock)
        {
            var found = IndexOf(text, from);
            if (found >= 0)
            {
                return found + text.Length;
            }

            var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _awaited = (text, from, waiter);
            arrived = waiter.Task;
        }

        try
        {
            await arrived.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            lock (_lock)
            {
                throw new TimeoutException($"The terminal never showed '{text}'; it ends with '{_text.ToString(Math.Max(0, _text.Length - 200), Math.Min(200, _text.Length))}'.");
            }
        }

        lock (_lock)
        {
            return IndexOf(text, from) + text.Length;
        }
    }

    private void Append(string data)
    {
        lock (_lock)
        {
            _text.Append(data);
            if (_awaited is { } awaited && IndexOf(awaited.Text, awaited.From) >= 0)
            {
                _awaited = null;
                awaited.Arrived.TrySetResult();
            }
        }
    }

    private int IndexOf(string text, int from) =>
        from >= _text.Length ? -1 : _text.ToString(from, _text.Length - from).IndexOf(text, StringComparison.Ordinal) is var index and >= 0 ? from + index : -1;

    public async ValueTask DisposeAsync()
    {
        if (_session is not null && _reference is not null)
        {
            await _session.Unwatch(_reference);
        }
    }
}
