using Vibe.Cli.Api.Models;
using Vibe.Cli.Logs;
using Vibe.Cli.Terminal;

namespace Vibe.Cli.Tests;

/// <summary>How vibe joins what it read with what the hub pushed meanwhile: terminal output and log lines, each once and in order.</summary>
public sealed class OutputOrderTests
{
    [Fact]
    public void Terminal_output_before_the_attach_answer_is_held_and_what_the_scrollback_holds_is_dropped()
    {
        var written = new List<string>();
        var writer = new TerminalOutputWriter(written.Add);

        writer.Output(3, "def");   // straddles the scrollback's end (5)
        writer.Output(0, "abc");   // inside the scrollback
        writer.Attach("abcde", 5);
        writer.Output(5, "fgh");   // overlaps what was written
        writer.Output(8, "ij");

        Assert.Equal("abcdefghij", string.Concat(written));
    }

    [Fact]
    public void Log_lines_pushed_while_the_backlog_is_read_are_written_once_after_it()
    {
        var at = DateTimeOffset.Parse("2026-12-06T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var written = new List<string>();
        var follower = new LogFollower(line => written.Add(line.Text));

        follower.Pushed(new LogEntry("stdout", "two", at.AddSeconds(2)));   // also in the backlog
        follower.Pushed(new LogEntry("stdout", "three", at.AddSeconds(2))); // same time, not in the backlog
        follower.Read([new LogEntry("stdout", "one", at), new LogEntry("stdout", "two", at.AddSeconds(2))]);
        follower.Pushed(new LogEntry("stdout", "one", at));                 // older than the backlog's end
        follower.Pushed(new LogEntry("stderr", "four", at.AddSeconds(3)));

        Assert.Equal(["one", "two", "three", "four"], written);
    }

    [Fact]
    public void Log_lines_pushed_while_the_tail_is_read_again_are_held_so_the_tails_older_lines_are_not_taken_for_repeats()
    {
        var at = DateTimeOffset.Parse("2026-12-06T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        var written = new List<string>();
        var follower = new LogFollower(line => written.Add(line.Text));
        follower.Read([new LogEntry("stdout", "one", at)]);

        // The connection dropped while "two" was written; "three" is pushed after joining again, before the tail is in.
        follower.Hold();
        follower.Pushed(new LogEntry("stdout", "three", at.AddSeconds(3)));
        follower.Read([new LogEntry("stdout", "one", at), new LogEntry("stdout", "two", at.AddSeconds(2)), new LogEntry("stdout", "three", at.AddSeconds(3))]);
        follower.Pushed(new LogEntry("stdout", "four", at.AddSeconds(4)));

        Assert.Equal(["one", "two", "three", "four"], written);
    }
}
