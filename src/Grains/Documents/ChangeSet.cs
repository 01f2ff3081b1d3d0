using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Vibe.Grains.Interfaces.Documents;

namespace Vibe.Grains.Documents;

/// <summary>
/// A parsed <c>ChangeSet.toJSON()</c> of <c>@codemirror/state</c>: a JSON array of sections, where a number keeps that many
/// UTF-16 units and an array <c>[deleted, ...lines]</c> deletes <c>deleted</c> units and inserts the lines joined by '\n'
/// (<c>[n]</c> alone deletes). Parsing checks the shape strictly; applying needs a document of exactly <see cref="Length"/>.
/// </summary>
internal sealed class ChangeSet
{
    private static readonly JsonDocumentOptions ParseOptions = new() { MaxDepth = 4 };

    private ChangeSet(List<ChangeSection> sections, int length, int newLength)
    {
        Sections = sections;
        Length = length;
        NewLength = newLength;
    }

    public IReadOnlyList<ChangeSection> Sections { get; }

    /// <summary>The length of the document it applies to (kept plus deleted units).</summary>
    public int Length { get; }

    /// <summary>The length of the document after it (kept plus inserted units).</summary>
    public int NewLength { get; }

    /// <summary>Parses <paramref name="json"/>; throws <see cref="DocumentException"/> saying what is wrong with it.</summary>
    public static ChangeSet Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            throw Invalid("it is empty; expected a JSON array such as [5,[0,\"text\"],3]");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, ParseOptions);
        }
        catch (JsonException ex)
        {
            throw Invalid($"it is not valid JSON ({ex.Message})");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array)
            {
                throw Invalid($"it is a JSON {Describe(root.ValueKind)}, not an array of sections");
            }

            var sections = new List<ChangeSection>(root.GetArrayLength());
            long length = 0;
            long newLength = 0;
            var index = 0;
            foreach (var part in root.EnumerateArray())
            {
                ChangeSection section;
                if (part.ValueKind == JsonValueKind.Number)
                {
                    section = new ChangeSection(ReadLength(part, index), null);
                }
                else if (part.ValueKind == JsonValueKind.Array)
                {
                    section = ReadReplacement(part, index);
                }
                else
                {
                    throw Invalid($"section {index} is a JSON {Describe(part.ValueKind)}; a section is a length to keep or an array [deleted, ...inserted lines]");
                }

                length += section.Length;
                newLength += section.Length;
                if (section.Insert is { } insert)
                {
                    newLength += insert.Length - section.Length;
                }

                if (length > int.MaxValue || newLength > int.MaxValue)
                {
                    throw Invalid("its lengths add up to more than any document can hold");
                }

                sections.Add(section);
                index++;
            }

            return new ChangeSet(sections, (int)length, (int)newLength);
        }
    }

    /// <summary>The JSON of the change that replaces <paramref name="deleted"/> units at <paramref name="from"/> with <paramref name="insert"/> in a document of <paramref name="length"/>.</summary>
    public static string Replacement(int length, int from, int deleted, string insert)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(from);
        ArgumentOutOfRangeException.ThrowIfNegative(deleted);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(from + deleted, length);
        var buffer = new ArrayBufferWriter<byte>(64 + (insert.Length * 2));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            if (from > 0)
            {
                writer.WriteNumberValue(from);
            }

            if (deleted > 0 || insert.Length > 0)
            {
                writer.WriteStartArray();
                writer.WriteNumberValue(deleted);
                if (insert.Length > 0)
                {
                    var start = 0;
                    while (true)
                    {
                        var newline = insert.IndexOf('\n', start);
                        if (newline < 0)
                        {
                            writer.WriteStringValue(insert.AsSpan(start));
                            break;
                        }

                        writer.WriteStringValue(insert.AsSpan(start, newline - start));
                        start = newline + 1;
                    }
                }

                writer.WriteEndArray();
            }

            var rest = length - from - deleted;
            if (rest > 0)
            {
                writer.WriteNumberValue(rest);
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Applies the change to <paramref name="text"/>, whose length must be <see cref="Length"/> (checked by the caller).</summary>
    public void ApplyTo(DocumentText text)
    {
        if (text.Length != Length)
        {
            throw new InvalidOperationException($"The ChangeSet is for a document of {Length} characters, not {text.Length}.");
        }

        // Right to left, so the positions of the sections still to apply (in the old document) stay valid.
        var position = Length;
        for (var i = Sections.Count - 1; i >= 0; i--)
        {
            var section = Sections[i];
            position -= section.Length;
            if (section.Insert is { } insert && (section.Length > 0 || insert.Length > 0))
            {
                text.Replace(position, position + section.Length, insert);
            }
        }
    }

    private static ChangeSection ReadReplacement(JsonElement part, int index)
    {
        var count = part.GetArrayLength();
        if (count == 0 || part[0].ValueKind != JsonValueKind.Number)
        {
            throw Invalid($"section {index} is an array that does not start with the deleted length");
        }

        var deleted = ReadLength(part[0], index);
        if (count == 1)
        {
            return new ChangeSection(deleted, "");
        }

        var builder = new StringBuilder();
        for (var line = 1; line < count; line++)
        {
            var element = part[line];
            if (element.ValueKind != JsonValueKind.String)
            {
                throw Invalid($"section {index} has a JSON {Describe(element.ValueKind)} where an inserted line (a string) belongs");
            }

            string value;
            try
            {
                value = element.GetString()!;
            }
            catch (InvalidOperationException)
            {
                throw Invalid($"section {index} inserts text that is not valid Unicode");
            }

            if (value.AsSpan().IndexOfAny('\n', '\r') >= 0)
            {
                throw Invalid($"section {index} inserts a line containing a line break; lines are separate strings");
            }

            if (line > 1)
            {
                builder.Append('\n');
            }

            builder.Append(value);
        }

        return new ChangeSection(deleted, builder.ToString());
    }

    private static int ReadLength(JsonElement element, int index)
    {
        if (!element.TryGetInt32(out var value))
        {
            throw Invalid($"section {index} has the length {element.GetRawText()}, which is not a whole number");
        }

        return value < 0 ? throw Invalid(string.Create(CultureInfo.InvariantCulture, $"section {index} has the negative length {value}")) : value;
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        _ => "value",
    };

    private static DocumentException Invalid(string reason) => new($"The ChangeSet is not valid: {reason}.");
}
