using System.Globalization;
using System.Text;

namespace Vibe.Bench.Documents;

/// <summary>The text of the benchmarks' documents: a source file of about the given size, in lines of ordinary code.</summary>
internal static class BenchDocumentText
{
    /// <summary>What each push inserts at the end of the document: one keystroke.</summary>
    public const string Keystroke = "a";

    public static string Create(int approximateChars, int seed = 0)
    {
        var text = new StringBuilder(approximateChars + 64);
        for (var line = 0; text.Length < approximateChars; line++)
        {
            text.Append(CultureInfo.InvariantCulture, $"    var value{line} = Compute(\"document {seed}\", {line}, options); // line {line}\n");
        }

        return text.ToString();
    }

    /// <summary>The <c>ChangeSet.toJSON()</c> of inserting <paramref name="inserted"/> at the end of a document of <paramref name="length"/> UTF-16 units.</summary>
    public static string AppendChanges(int length, string inserted)
    {
        var insert = System.Text.Json.JsonSerializer.Serialize(inserted);
        return length == 0
            ? $"[[0,{insert}]]"
            : string.Create(CultureInfo.InvariantCulture, $"[{length},[0,{insert}]]");
    }
}
