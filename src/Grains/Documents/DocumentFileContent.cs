using System.Security.Cryptography;
using System.Text;
using Vibe.Grains.Interfaces.Documents;

namespace Vibe.Grains.Documents;

/// <summary>
/// A file's bytes as document text: strict UTF-8 (an optional byte order mark kept aside), no NUL characters, line breaks
/// normalised to '\n' with the file's own style ("\r\n" when its first line break is one) kept for writing back. A file whose
/// line endings are mixed, or lone '\r', is written back with the style of its first line break.
/// </summary>
internal sealed record DocumentFileContent(string Text, string LineEnding, bool ByteOrderMark)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Decodes <paramref name="bytes"/>; throws <see cref="DocumentException"/> when they are not UTF-8 text.</summary>
    public static DocumentFileContent Decode(ReadOnlySpan<byte> bytes, string path)
    {
        var bom = bytes.StartsWith("\uFEFF"u8);
        if (bom)
        {
            bytes = bytes[3..];
        }

        string raw;
        try
        {
            raw = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new DocumentException($"'{path}' is not UTF-8 text (a binary file or another encoding) and cannot be edited here.");
        }

        if (raw.Contains('\0', StringComparison.Ordinal))
        {
            throw new DocumentException($"'{path}' contains NUL characters (a binary file) and cannot be edited here.");
        }

        var firstBreak = raw.AsSpan().IndexOfAny('\r', '\n');
        var lineEnding = firstBreak >= 0 && raw[firstBreak] == '\r' && firstBreak + 1 < raw.Length && raw[firstBreak + 1] == '\n' ? "\r\n" : "\n";
        var text = raw.Contains('\r', StringComparison.Ordinal) ? raw.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n') : raw;
        return new DocumentFileContent(text, lineEnding, bom);
    }

    /// <summary>The SHA-256 of <paramref name="bytes"/>, hex.</summary>
    public static string Hash(ReadOnlySpan<byte> bytes) => Convert.ToHexString(SHA256.HashData(bytes));

    /// <summary>The bytes to write for <paramref name="text"/> ('\n'-normalised) in this file's style.</summary>
    public byte[] Encode(string text)
    {
        var content = LineEnding == "\n" ? text : text.Replace("\n", LineEnding, StringComparison.Ordinal);
        var length = StrictUtf8.GetByteCount(content);
        var offset = ByteOrderMark ? 3 : 0;
        var bytes = new byte[offset + length];
        if (ByteOrderMark)
        {
            "\uFEFF"u8.CopyTo(bytes);
        }

        StrictUtf8.GetBytes(content, bytes.AsSpan(offset));
        return bytes;
    }
}
