using Vibe.Cli.Api.Models;
using Vibe.Cli.Logs;
using Vibe.Cli.Terminal;

namespace Vibe.Cli.Tests;

/// <summary>How vibe joins what it read with what the hub pushed meanwhile: terminal output and log lines, each once and in order.</summary>
public sealed class OutputOrderTests
{
    [Fact]
    public void TerminalOutput_BeforeTheAttachAnswer_IsHeld_AndWhatTheScrollbackHoldsIsDropped()
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
    public void LogLines_PushedWhileTheBacklogIsRead_AreWrittenOnceAfterIt()
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
    public void LogLines_PushedWhileTheTailIsReadAgain_AreHeld_SoTheTailsOlderLinesAreNotTakenForRepeats()
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
