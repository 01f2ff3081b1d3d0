namespace Vibe.Grains.Documents;

/// <summary>
/// A document's text as a list of chunks of at most <see cref="MaxChunk"/> UTF-16 units, so an edit costs the size of the
/// chunks it touches plus a walk over the chunk lengths, never a copy of the whole text. The whole string is built only when
/// asked for (<see cref="ToString"/>: snapshots, file writes) and cached until the next edit.
/// </summary>
internal sealed class DocumentText
{
    /// <summary>The longest chunk.</summary>
    public const int MaxChunk = 2048;

    // Long inserts are cut into chunks of this size, leaving room to grow before a chunk must split.
    private const int TargetChunk = 1024;

    // A chunk shorter than this is merged with a neighbour when they fit in one.
    private const int MinChunk = 256;

    private readonly List<string> _chunks = [];
    private string? _text;

    private DocumentText()
    {
    }

    /// <summary>The length in UTF-16 units, as JavaScript counts it.</summary>
    public int Length { get; private set; }

    public int ChunkCount => _chunks.Count;

    public static DocumentText From(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var document = new DocumentText();
        AppendChunks(document._chunks, text);
        document.Length = text.Length;
        document._text = text;
        return document;
    }

    /// <summary>Replaces the units from <paramref name="from"/> to <paramref name="to"/> with <paramref name="insert"/>.</summary>
    public void Replace(int from, int to, string insert)
    {
        ArgumentNullException.ThrowIfNull(insert);
        if (from < 0 || to < from || to > Length)
        {
            throw new ArgumentOutOfRangeException(nameof(to), $"The range {from}..{to} is outside the document (length {Length}).");
        }

        if (from == to && insert.Length == 0)
        {
            return;
        }

        _text = null;
        if (_chunks.Count == 0)
        {
            AppendChunks(_chunks, insert);
            Length = insert.Length;
            return;
        }

        var (first, firstOffset) = Locate(from, 0, 0);
        var firstStart = from - firstOffset;
        var (last, lastOffset) = Locate(to, first, firstStart);
        var middle = string.Concat(_chunks[first].AsSpan(0, firstOffset), insert, _chunks[last].AsSpan(lastOffset));

        // A short result joins a neighbour when both fit in one chunk, so many small edits do not fragment the text.
        if (middle.Length < MinChunk)
        {
            if (last + 1 < _chunks.Count && middle.Length + _chunks[last + 1].Length <= MaxChunk)
            {
                middle = string.Concat(middle, _chunks[last + 1]);
                last++;
            }
            else if (first > 0 && middle.Length + _chunks[first - 1].Length <= MaxChunk)
            {
                middle = string.Concat(_chunks[first - 1], middle);
                first--;
            }
        }

        _chunks.RemoveRange(first, last - first + 1);
        if (middle.Length <= MaxChunk)
        {
            if (middle.Length > 0)
            {
                _chunks.Insert(first, middle);
            }
        }
        else
        {
            var pieces = new List<string>((middle.Length / TargetChunk) + 1);
            AppendChunks(pieces, middle);
            _chunks.InsertRange(first, pieces);
        }

        Length += insert.Length - (to - from);
    }

    /// <summary>The whole text (built once per change).</summary>
    public override string ToString() => _text ??= string.Concat(_chunks);

    /// <summary>The chunk holding <paramref name="position"/> (the earlier one when it falls between two) and the offset in it, searching from a known chunk start.</summary>
    private (int Chunk, int Offset) Locate(int position, int startChunk, int startPosition)
    {
        var chunkStart = startPosition;
        for (var i = startChunk; i < _chunks.Count; i++)
        {
            var length = _chunks[i].Length;
            if (position <= chunkStart + length)
            {
                return (i, position - chunkStart);
            }

            chunkStart += length;
        }

        throw new InvalidOperationException($"Position {position} is past the end of the text (length {Length}).");
    }

    private static void AppendChunks(List<string> chunks, string text)
    {
        if (text.Length <= MaxChunk)
        {
            if (text.Length > 0)
            {
                chunks.Add(text);
            }

            return;
        }

        for (var start = 0; start < text.Length; start += TargetChunk)
        {
            chunks.Add(text.Substring(start, Math.Min(TargetChunk, text.Length - start)));
        }
    }
}
