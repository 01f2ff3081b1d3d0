using System.Text;
using Vibe.Grains.Documents;
using Vibe.Grains.Interfaces.Documents;

namespace Vibe.Grains.Tests.Documents;

public sealed class DocumentFileContentTests
{
    [Fact]
    public void Windows_line_endings_are_normalised_and_restored_when_written_back()
    {
        var content = DocumentFileContent.Decode("one\r\ntwo\r\n"u8, "a.txt");

        Assert.Equal("one\ntwo\n", content.Text);
        Assert.Equal("one\r\ntwo\r\nthree\r\n", Encoding.UTF8.GetString(content.Encode("one\ntwo\nthree\n")));
    }

    [Fact]
    public void Lone_carriage_returns_become_line_feeds_and_a_byte_order_mark_is_kept()
    {
        var content = DocumentFileContent.Decode("\uFEFFa\rb\nc"u8, "a.txt");

        Assert.Equal("a\nb\nc", content.Text);
        Assert.True(content.ByteOrderMark);
        Assert.Equal("\uFEFFx\ny"u8.ToArray(), content.Encode("x\ny"));
    }

    [Fact]
    public void Bytes_that_are_not_utf8_text_are_refused()
    {
        var invalid = Assert.Throws<DocumentException>(() => DocumentFileContent.Decode([0x61, 0xC3, 0x28], "image.png"));
        Assert.Contains("'image.png' is not UTF-8 text", invalid.Message, StringComparison.Ordinal);

        var binary = Assert.Throws<DocumentException>(() => DocumentFileContent.Decode("a\0b"u8, "data.bin"));
        Assert.Contains("NUL", binary.Message, StringComparison.Ordinal);
    }
}
