using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Vibe.Docker.Runtime;
using Vibe.Grains.Terminals;

namespace Vibe.Grains.Tests;

/// <summary>The pump between a terminal and its stream, fed by a terminal whose reads return at once: what it publishes for a flood.</summary>
public sealed class TerminalPumpTests
{
    [Fact]
    public async Task Reads_that_come_faster_than_the_batch_window_are_published_as_few_large_events_in_order()
    {
        const int reads = 2000;
        const int readBytes = 100;
        var terminal = new ChattyTerminal(reads, readBytes);
        var published = new ConcurrentQueue<TerminalOutput>();
        var exited = new TaskCompletionSource<TerminalExited>(TaskCreationOptions.RunContinuationsAsynchronously);
        var pump = new TerminalPump(
            new TerminalSessionKey("ws", "s1"),
            terminal,
            64 * 1024,
            output =>
            {
                published.Enqueue(output);
                return Task.CompletedTask;
            },
            end =>
            {
                exited.TrySetResult(end);
                return Task.CompletedTask;
            },
            NullLogger.Instance);

        pump.Start();
        await exited.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var events = published.ToList();
        Assert.Equal(terminal.Written, string.Concat(events.Select(e => e.Data)));
        for (var i = 1; i < events.Count; i++)
        {
            Assert.Equal(events[i - 1].Offset + events[i - 1].Data.Length, events[i].Offset);
        }

        Assert.All(events, e => Assert.InRange(e.Data.Length, 1, 16 * 1024));
        // Unbatched, every read would be an event (2,000); batched, an event takes all the reads queued meanwhile (about 125
        // events here, the queue holding 16 reads), so a quarter of the reads is far from either.
        Assert.True(events.Count <= reads / 4, $"{events.Count} events for {reads} reads: output should be batched");
    }

    /// <summary>A terminal that has its whole output ready: each read returns the next chunk at once, then the end.</summary>
    private sealed class ChattyTerminal(int reads, int readBytes) : IContainerTerminal
    {
        private readonly StringBuilder _written = new();
        private int _reads;

        public string Written => _written.ToString();

        public ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_reads == reads)
            {
                return ValueTask.FromResult(0);
            }

            var text = ((char)('a' + (_reads++ % 26))).ToString().PadRight(readBytes, '.');
            _written.Append(text);
            return ValueTask.FromResult(Encoding.ASCII.GetBytes(text, buffer.Span));
        }

        public ValueTask WriteAsync(ReadOnlyMemory<byte> input, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public Task ResizeAsync(int columns, int rows, CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task HangUpAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public Task<int?> GetExitCodeAsync(CancellationToken cancellationToken = default) => Task.FromResult<int?>(0);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
