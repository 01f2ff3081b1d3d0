using Vibe.Cli.Output;

namespace Vibe.Cli.Tests;

/// <summary>The API sends enum values in camelCase; vibe's human output shows them as words.</summary>
public sealed class WireValueTests
{
    [Theory]
    [InlineData("running", "Running")]
    [InlineData("limitReached", "Limit reached")]
    [InlineData("notStarted", "Not started")]
    [InlineData("", "")]
    public void Shown_capitalises_and_splits_the_words(string wire, string shown) => Assert.Equal(shown, WireValue.Shown(wire));
}
