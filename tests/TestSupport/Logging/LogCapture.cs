using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Vibe.TestSupport;

/// <summary>
/// Keeps every log entry written through it, so tests can check what was logged and how: added to an app as a logger
/// provider (it sees what passes the app's log filters), or handed as <see cref="CreateLogger"/> to code that takes a logger.
/// </summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<Entry> _entries = new();

    public IReadOnlyList<Entry> Entries => [.. _entries];

    /// <summary>The formatted messages, in order.</summary>
    public IReadOnlyList<string> Messages => [.. _entries.Select(entry => entry.Message)];

    /// <summary>Each entry as one line: "{Level} {Category}: {Message}".</summary>
    public IReadOnlyList<string> Lines => [.. _entries.Select(entry => $"{entry.Level} {entry.Category}: {entry.Message}")];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    /// <param name="Exception">The exception logged with the entry (its stack trace goes to the log), or null.</param>
    public sealed record Entry(LogLevel Level, string Category, string Message, Exception? Exception);

    private sealed class Logger(LogCapture capture, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            capture._entries.Enqueue(new Entry(logLevel, category, formatter(state, exception), exception));
    }
}
