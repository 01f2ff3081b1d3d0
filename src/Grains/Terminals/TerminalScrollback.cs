using System.Text;

namespace Vibe.Grains.Terminals;

/// <summary>
/// The last output of a terminal, at most <c>capacity</c> characters, trimmed from the front; it counts every character ever
/// appended, so a snapshot knows the offset it ends at. Not thread-safe: its owner locks.
/// </summary>
internal sealed class TerminalScrollback
{
    // A cut within this distance of a line break moves to the line's start, so a replay does not begin mid-line or mid-escape.
    private const int LineSearchChars = 2048;

    private readonly StringBuilder _text = new();
    private readonly int _capacity;

    public TerminalScrollback(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
    }

    /// <summary>How many characters were ever appended: the offset, in the whole output, at which the scrollback ends.</summary>
    public long End { get; private set; }

    public void Append(string text)
    {
        _text.Append(text);
        End += text.Length;

        // Trim only once a quarter more than the capacity has piled up: a flood then costs O(1) copying per character.
        if (_text.Length > _capacity + (_capacity / 4))
        {
            _text.Remove(0, StartOfTail());
        }
    }

    /// <summary>The kept text: at most capacity characters, from the start of a line when one starts near the cut.</summary>
    public string Snapshot()
    {
        var start = StartOfTail();
        return _text.ToString(start, _text.Length - start);
    }

    private int StartOfTail()
    {
        var cut = _text.Length - _capacity;
        if (cut <= 0)
        {
            return 0;
        }

        var limit = Math.Min(_text.Length, cut + LineSearchChars);
        for (var i = cut; i < limit; i++)
        {
            if (_text[i] == '\n')
            {
                return i + 1;
            }
        }

        // No line break near: cut anywhere but between the halves of a surrogate pair.
        return char.IsLowSurrogate(_text[cut]) ? cut + 1 : cut;
    }
}
