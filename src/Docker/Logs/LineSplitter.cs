using System.Buffers;
using System.Text;

namespace Vibe.Docker.Logs;

/// <summary>Collects the bytes of one output stream and cuts them into lines (without <c>\n</c> or a trailing <c>\r</c>). Its buffer is pooled.</summary>
internal sealed class LineSplitter : IDisposable
{
    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(4096);
    private int _start;
    private int _end;

    public bool HasPartialLine => _end > _start;

    public void Append(ReadOnlySpan<byte> data)
    {
        if (_end + data.Length > _buffer.Length)
        {
            var used = _end - _start;
            if (used + data.Length <= _buffer.Length)
            {
                _buffer.AsSpan(_start, used).CopyTo(_buffer);
            }
            else
            {
                var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, used + data.Length));
                _buffer.AsSpan(_start, used).CopyTo(larger);
                ArrayPool<byte>.Shared.Return(_buffer);
                _buffer = larger;
            }

            _start = 0;
            _end = used;
        }

        data.CopyTo(_buffer.AsSpan(_end));
        _end += data.Length;
    }

    public bool TryReadLine(out string line)
    {
        var pending = _buffer.AsSpan(_start, _end - _start);
        var newline = pending.IndexOf((byte)'\n');
        if (newline < 0)
        {
            line = "";
            return false;
        }

        line = Decode(pending[..newline]);
        _start += newline + 1;
        if (_start == _end)
        {
            _start = _end = 0;
        }

        return true;
    }

    /// <summary>The unterminated rest, once the stream has ended.</summary>
    public string ReadRest()
    {
        var rest = Decode(_buffer.AsSpan(_start, _end - _start));
        _start = _end = 0;
        return rest;
    }

    private static string Decode(ReadOnlySpan<byte> line)
    {
        if (!line.IsEmpty && line[^1] == (byte)'\r')
        {
            line = line[..^1];
        }

        return Encoding.UTF8.GetString(line);
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
    }
}
