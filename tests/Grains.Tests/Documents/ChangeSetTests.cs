using Vibe.Grains.Documents;
using Vibe.Grains.Interfaces.Documents;

namespace Vibe.Grains.Tests.Documents;

/// <summary>
/// ChangeSet application against the JSON that <c>@codemirror/state</c>'s <c>ChangeSet.toJSON()</c> produces (each expected
/// output below was printed by the real library for the same change), and strict rejection of anything else.
/// </summary>
public sealed class ChangeSetTests
{
    [Theory]
    [InlineData("hello world", "[5,[0,\" there\"],6]", "hello there world")] // insertion
    [InlineData("hello world", "[[5],6]", " world")] // deletion
    [InlineData("hello world", "[6,[5,\"there\"]]", "hello there")] // replacement
    [InlineData("hello world", "[[0,\"a\",\"b\",\"\"],11]", "a\nb\nhello world")] // multi-line insertion
    [InlineData("hello world", "[[0,\"x\"],11,[0,\"y\"]]", "xhello worldy")] // two changes
    [InlineData("hello world", "[[11]]", "")] // delete everything
    [InlineData("hello world", "[11]", "hello world")] // no change
    [InlineData("", "[[0,\"abc\"]]", "abc")] // empty document
    [InlineData("", "[]", "")] // empty change of an empty document
    [InlineData("a\U0001F600b", "[1,[2],1]", "ab")] // an astral character counts two UTF-16 units, as in JavaScript
    [InlineData("a\U0001F600b", "[3,[1,\"\U0001F601\"]]", "a\U0001F600\U0001F601")]
    [InlineData("line1\nline2", "[5,[1,\" \"],5]", "line1 line2")] // joining lines
    [InlineData("abc", "[1,[1,\"\"],1]", "ac")] // a deletion written with an empty line
    public void Applies_the_format_of_codemirror(string document, string json, string expected)
    {
        var text = DocumentText.From(document);
        var change = ChangeSet.Parse(json);

        Assert.Equal(document.Length, change.Length);
        change.ApplyTo(text);

        Assert.Equal(expected, text.ToString());
        Assert.Equal(expected.Length, text.Length);
        Assert.Equal(expected.Length, change.NewLength);
    }

    [Theory]
    [InlineData("[1,", "not valid JSON")]
    [InlineData("", "empty")]
    [InlineData("{\"a\":1}", "object, not an array")]
    [InlineData("\"text\"", "string, not an array")]
    [InlineData("[-1]", "negative length -1")]
    [InlineData("[[-2,\"x\"]]", "negative length -2")]
    [InlineData("[1.5]", "not a whole number")]
    [InlineData("[1e40]", "not a whole number")]
    [InlineData("[\"a\"]", "section 0 is a JSON string")]
    [InlineData("[1,null]", "section 1 is a JSON null")]
    [InlineData("[[]]", "does not start with the deleted length")]
    [InlineData("[[\"x\"]]", "does not start with the deleted length")]
    [InlineData("[[1,2]]", "JSON number where an inserted line")]
    [InlineData("[[0,\"a\\nb\"]]", "line break")]
    [InlineData("[[0,\"a\\rb\"]]", "line break")]
    [InlineData("[[0,[\"a\"]]]", "JSON array where an inserted line")]
    public void Rejects_malformed_json_with_the_reason(string json, string reason)
    {
        var error = Assert.Throws<DocumentException>(() => ChangeSet.Parse(json));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reports_the_length_it_needs_so_a_mismatch_can_be_refused()
    {
        var change = ChangeSet.Parse("[3,[2,\"xyz\"],4]");

        Assert.Equal(9, change.Length);
        Assert.Equal(10, change.NewLength);
        Assert.Throws<InvalidOperationException>(() => change.ApplyTo(DocumentText.From("short")));
    }

    [Fact]
    public void Many_random_edits_across_chunks_match_plain_string_editing()
    {
        var random = new Random(1234);
        var expected = string.Concat(Enumerable.Range(0, 3000).Select(i => $"line {i}\n"));
        var text = DocumentText.From(expected);
        for (var step = 0; step < 2000; step++)
        {
            // Several changes in one ChangeSet, like a multi-cursor edit, anywhere in a document of many chunks.
            var cuts = Enumerable.Range(0, random.Next(1, 5)).Select(_ => random.Next(expected.Length + 1)).Order().ToList();
            var sections = new List<string>();
            var result = new System.Text.StringBuilder();
            var position = 0;
            foreach (var cut in cuts)
            {
                var deleted = Math.Min(random.Next(0, 40), expected.Length - cut);
                if (cut < position)
                {
                    continue;
                }

                if (cut > position)
                {
                    sections.Add((cut - position).ToString(System.Globalization.CultureInfo.InvariantCulture));
                    result.Append(expected, position, cut - position);
                }

                var insert = random.Next(3) == 0 ? "" : new string((char)('a' + random.Next(26)), random.Next(20) == 0 ? 3000 : random.Next(1, 100));
                var lines = insert.Length == 0 ? "" : "," + string.Join(',', insert.Split('\n').Select(l => $"\"{l}\""));
                sections.Add($"[{deleted}{lines}]");
                result.Append(insert);
                position = cut + deleted;
            }

            if (position < expected.Length)
            {
                sections.Add((expected.Length - position).ToString(System.Globalization.CultureInfo.InvariantCulture));
                result.Append(expected, position, expected.Length - position);
            }

            ChangeSet.Parse($"[{string.Join(',', sections)}]").ApplyTo(text);
            expected = result.ToString();
            Assert.Equal(expected.Length, text.Length);
            if (step % 100 == 0)
            {
                Assert.Equal(expected, text.ToString());
            }
        }

        Assert.Equal(expected, text.ToString());
        Assert.InRange(text.ChunkCount, expected.Length / DocumentText.MaxChunk, (expected.Length / 64) + 2);
    }

    [Theory]
    [InlineData("hello world", "hello there world", 6, 0, "there ")]
    [InlineData("hello world", "hello", 5, 6, "")]
    [InlineData("same", "same", 4, 0, "")]
    [InlineData("", "new", 0, 0, "new")]
    [InlineData("a\U0001F600b", "a\U0001F601b", 1, 2, "\U0001F601")] // never splits a surrogate pair
    public void The_smallest_change_between_two_texts_is_between_their_common_prefix_and_suffix(string before, string after, int from, int deleted, string insert)
    {
        var change = TextChange.Between(before, after);

        Assert.Equal(new TextChange(from, deleted, insert), change);
        var text = DocumentText.From(before);
        ChangeSet.Parse(ChangeSet.Replacement(before.Length, change.From, change.Deleted, change.Insert)).ApplyTo(text);
        Assert.Equal(after, text.ToString());
    }

    [Fact]
    public void Server_side_changes_are_written_in_the_format_codemirror_reads()
    {
        Assert.Equal("[5,[0,\" there\"],6]", ChangeSet.Replacement(11, 5, 0, " there"));
        Assert.Equal("[[0,\"a\",\"b\",\"\"],11]", ChangeSet.Replacement(11, 0, 0, "a\nb\n"));
        Assert.Equal("[[11]]", ChangeSet.Replacement(11, 0, 11, ""));
        Assert.Equal("[11]", ChangeSet.Replacement(11, 11, 0, ""));
    }
}
