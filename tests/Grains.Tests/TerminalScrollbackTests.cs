using Vibe.Grains.Terminals;

namespace Vibe.Grains.Tests;

public sealed class TerminalScrollbackTests
{
    [Fact]
    public void It_keeps_everything_until_the_capacity_and_counts_every_character()
    {
        var scrollback = new TerminalScrollback(capacity: 10);

        scrollback.Append("abc");
        scrollback.Append("def");

        Assert.Equal("abcdef", scrollback.Snapshot());
        Assert.Equal(6, scrollback.End);
    }

    [Fact]
    public void Beyond_the_capacity_it_keeps_the_tail_from_the_start_of_a_line()
    {
        var scrollback = new TerminalScrollback(capacity: 4000);
        for (var i = 0; i < 1000; i++)
        {
            scrollback.Append($"line {i:0000}\r\n");
        }

        var kept = scrollback.Snapshot();
        Assert.Equal(1000 * 11, scrollback.End);
        Assert.InRange(kept.Length, 4000 - 11, 4000);
        Assert.StartsWith("line ", kept, StringComparison.Ordinal);
        Assert.EndsWith("line 0999\r\n", kept, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_a_line_break_near_the_cut_it_never_splits_a_surrogate_pair()
    {
        var scrollback = new TerminalScrollback(capacity: 1001);

        // 600 emoji are 1200 UTF-16 characters: a cut at an odd distance from the end falls between the halves of one.
        scrollback.Append(string.Concat(Enumerable.Repeat("😀", 600)));

        var kept = scrollback.Snapshot();
        Assert.Equal(1000, kept.Length);
        Assert.False(char.IsLowSurrogate(kept[0]));
        Assert.Equal(1200, scrollback.End);
    }
}
