namespace Vibe.Grains.Tests.Fixtures;

/// <summary>A terminal session's watcher (<see cref="ITerminalObserver"/>) recording its output or its end.</summary>
public sealed class TerminalRecorder : ITerminalObserver
{
    private readonly Recording<TerminalOutput>? _output;
    private readonly Recording<TerminalExited>? _exits;

    private TerminalRecorder(Recording<TerminalOutput>? output, Recording<TerminalExited>? exits)
    {
        _output = output;
        _exits = exits;
    }

    public static async Task<Recording<TerminalOutput>> RecordOutputAsync(WorkspaceSilo silo, string sessionKey)
    {
        var recording = new Recording<TerminalOutput>();
        recording.StopWith(await WatchAsync(silo, sessionKey, new TerminalRecorder(recording, null)));
        return recording;
    }

    public static async Task<Recording<TerminalExited>> RecordExitsAsync(WorkspaceSilo silo, string sessionKey)
    {
        var recording = new Recording<TerminalExited>();
        recording.StopWith(await WatchAsync(silo, sessionKey, new TerminalRecorder(null, recording)));
        return recording;
    }

    public Task OnOutput(TerminalOutput output)
    {
        _output?.Add(output);
        return Task.CompletedTask;
    }

    public Task OnExited(TerminalExited exited)
    {
        _exits?.Add(exited);
        return Task.CompletedTask;
    }

    private static Task<Func<Task>> WatchAsync(WorkspaceSilo silo, string sessionKey, TerminalRecorder recorder)
    {
        var session = silo.Grains.GetGrain<IContainerSessionGrain>(sessionKey);
        return ObserverWatch.StartAsync<ITerminalObserver>(silo.Client, recorder, session.Watch, session.Unwatch);
    }
}
