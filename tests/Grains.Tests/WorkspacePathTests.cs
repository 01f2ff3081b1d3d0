using Vibe.Grains.Workspaces.Files;

namespace Vibe.Grains.Tests;

/// <summary>Path checks made before anything touches the disk (no Docker needed).</summary>
public sealed class WorkspacePathTests
{
    [Theory]
    [InlineData("a.txt", "a.txt")]
    [InlineData("src/app.js", "src/app.js")]
    [InlineData("./src//app.js/", "src/app.js")]
    [InlineData("a..b/..c", "a..b/..c")]
    [InlineData("dir with spaces/ü.txt", "dir with spaces/ü.txt")]
    [InlineData("back\\slash", "back\\slash")]
    public void Relative_paths_are_normalized(string path, string expected) =>
        Assert.Equal(expected, WorkspacePath.Parse(path, allowRoot: false).Relative);

    [Theory]
    [InlineData("")]
    [InlineData(".")]
    [InlineData("./")]
    [InlineData(null)]
    public void Empty_paths_name_the_root_where_it_is_allowed(string? path)
    {
        Assert.True(WorkspacePath.Parse(path, allowRoot: true).IsRoot);
        var refused = Assert.Throws<WorkspacePathException>(() => WorkspacePath.Parse(path, allowRoot: false));
        Assert.Contains("names the workspace root itself", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/etc/passwd", "is absolute")]
    [InlineData("..", "contains a '..' segment")]
    [InlineData("../x", "contains a '..' segment")]
    [InlineData("a/../../x", "contains a '..' segment")]
    [InlineData("a/../b", "contains a '..' segment")]
    [InlineData("a\u0000b", "contains a control character (U+0000) at position 1")]
    [InlineData("a\tb", "contains a control character (U+0009) at position 1")]
    [InlineData("x\u007f", "contains a control character (U+007F) at position 1")]
    public void Unsafe_paths_are_refused_saying_why(string path, string reason)
    {
        var refused = Assert.Throws<WorkspacePathException>(() => WorkspacePath.Parse(path, allowRoot: true));
        Assert.Contains(reason, refused.Message, StringComparison.Ordinal);
        Assert.IsAssignableFrom<ArgumentException>(refused);
    }

    [Fact]
    public void Paths_that_are_not_valid_unicode_are_refused()
    {
        var refused = Assert.Throws<WorkspacePathException>(() => WorkspacePath.Parse("bad" + (char)0xD800, allowRoot: false));
        Assert.Contains("is not valid Unicode (a lone surrogate at position 3)", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_longer_than_the_file_system_allows_are_refused()
    {
        var refused = Assert.Throws<WorkspacePathException>(() => WorkspacePath.Parse(new string('x', 256), allowRoot: false));
        Assert.Contains("longer than 255 bytes", refused.Message, StringComparison.Ordinal);
    }
}
