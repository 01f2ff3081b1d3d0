using System.Text.RegularExpressions;

namespace Vibe.Cli.Tests;

/// <summary>
/// <c>vibe logs -f</c> against a server whose streams are on Kafka, through a network that drops: the hand-over from the
/// tail to pushed lines carries the log stream's position, so a reconnection resumes from the last line printed, whether
/// it came from the tail or was pushed: every line once, in order, even when more were written meanwhile than the tail
/// (<c>-n 1</c>) holds.
/// </summary>
public sealed partial class LogsResumeTests(KafkaCliServer kafka) : IClassFixture<KafkaCliServer>
{
    [Fact]
    public async Task Follow_resumes_from_the_last_line_printed_after_the_connection_drops_with_no_gap_and_no_repeat()
    {
        var server = kafka.Server;
        var ada = await server.SignUpAsync("resumer");
        var id = await ada.CreateRunningWorkspaceAsync("resume-ws");
        await using var network = new DroppableProxy(server.Url);
        var behind = await ada.SignInThroughAsync(network.Url);
        await ada.WriteLogLinesAsync(id, "r", 1, 1);

        await using var follow = behind.Start("logs", "-f", "-n", "1", id);
        await follow.WaitForStdoutAsync(output => output.Contains("r1\n", StringComparison.Ordinal), "the tail");

        // Dropped when all it printed came from the tail; three lines are written meanwhile, more than the tail holds.
        network.Cut();
        await ada.WriteLogLinesAsync(id, "r", 2, 4);
        network.Restore();
        await follow.WaitForStdoutAsync(output => output.Contains("r4\n", StringComparison.Ordinal), "the lines written while it was away");
        await ada.WriteLogLinesAsync(id, "r", 5, 5);
        await follow.WaitForStdoutAsync(output => output.Contains("r5\n", StringComparison.Ordinal), "a line pushed after it resumed");

        // Dropped again, now after a pushed line.
        network.Cut();
        await ada.WriteLogLinesAsync(id, "r", 6, 8);
        network.Restore();
        await follow.WaitForStdoutAsync(output => output.Contains("r8\n", StringComparison.Ordinal), "the lines written while it was away again");

        await follow.SignalAsync("INT");
        Assert.Equal(0, await follow.WaitForExitAsync());
        Assert.Equal(["r1", "r2", "r3", "r4", "r5", "r6", "r7", "r8"], follow.Stdout.Split('\n').Where(line => Written().IsMatch(line)).ToArray());
        Assert.DoesNotContain("warning", follow.Stderr, StringComparison.Ordinal);
    }

    [GeneratedRegex("^r[0-9]+$")]
    private static partial Regex Written();
}
