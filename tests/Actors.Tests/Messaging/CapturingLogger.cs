using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Vibe.Actors.Tests.Messaging;

/// <summary>Keeps every log line (so tests can look for one) and echoes it to the test output.</summary>
internal sealed class CapturingLogger<T>(ITestOutputHelper output, string name) : ILogger<T>
{
    private readonly long _started = Stopwatch.GetTimestamp();

    public ConcurrentQueue<string> Lines { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        var line = $"{Stopwatch.GetElapsedTime(_started).TotalMilliseconds,8:F1} ms [{name}] {logLevel}: {formatter(state, exception)}{(exception is null ? "" : " | " + exception.GetType().Name + ": " + exception.Message)}";
        Lines.Enqueue(line);
        try
        {
            output.WriteLine(line);
        }
        catch (InvalidOperationException)
        {
            // The test already finished; the line is still kept.
        }
    }
}
