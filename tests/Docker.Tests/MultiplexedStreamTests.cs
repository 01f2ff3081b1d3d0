using System.Buffers.Binary;
using System.Text;
using Vibe.Docker.Logs;
using Vibe.Docker.Transport;

namespace Vibe.Docker.Tests;

public sealed class MultiplexedStreamTests
{
    private static byte[] Frame(StdStream stream, string text)
    {
        var payload = Encoding.UTF8.GetBytes(text);
        var frame = new byte[8 + payload.Length];
        frame[0] = (byte)stream;
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(4), (uint)payload.Length);
        payload.CopyTo(frame, 8);
        return frame;
    }

    private static MemoryStream Frames(params byte[][] frames) => new(frames.SelectMany(f => f).ToArray());

    [Fact]
    public async Task Frames_are_split_by_stream_type_with_big_endian_lengths()
    {
        var reader = new MultiplexedStreamReader(Frames(Frame(StdStream.Stdout, "out\n"), Frame(StdStream.Stderr, "err\n")));
        var buffer = new byte[64];

        var first = await reader.ReadAsync(buffer, CancellationToken.None);
        Assert.Equal((StdStream.Stdout, "out\n"), (first.Stream, Encoding.UTF8.GetString(buffer, 0, first.Count)));

        var second = await reader.ReadAsync(buffer, CancellationToken.None);
        Assert.Equal((StdStream.Stderr, "err\n"), (second.Stream, Encoding.UTF8.GetString(buffer, 0, second.Count)));

        Assert.Equal(0, (await reader.ReadAsync(buffer, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task A_frame_larger_than_the_buffer_is_delivered_in_pieces_of_its_own_stream()
    {
        var text = new string('x', 300);
        var reader = new MultiplexedStreamReader(Frames(Frame(StdStream.Stderr, text), Frame(StdStream.Stdout, "y")));
        var buffer = new byte[128];
        var stderr = new StringBuilder();

        for (var i = 0; i < 3; i++)
        {
            var (stream, count) = await reader.ReadAsync(buffer, CancellationToken.None);
            Assert.Equal(StdStream.Stderr, stream);
            stderr.Append(Encoding.UTF8.GetString(buffer, 0, count));
        }

        Assert.Equal(text, stderr.ToString());
        Assert.Equal(StdStream.Stdout, (await reader.ReadAsync(buffer, CancellationToken.None)).Stream);
    }

    [Fact]
    public async Task Raw_tty_output_is_rejected_with_a_hint_instead_of_being_misread()
    {
        var reader = new MultiplexedStreamReader(new MemoryStream("hello world\n"u8.ToArray()));

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => reader.ReadAsync(new byte[16], CancellationToken.None).AsTask());

        Assert.Contains("TTY", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Log_lines_are_reassembled_across_frames_and_timestamps_parsed()
    {
        var body = Frames(
            Frame(StdStream.Stdout, "2024-05-01T10:00:00.123456789Z hel"),
            Frame(StdStream.Stderr, "2024-05-01T10:00:01.000000001Z oops\n"),
            Frame(StdStream.Stdout, "lo\n"));

        var lines = new List<LogLine>();
        await foreach (var line in LogReader.ReadLinesAsync(body, tty: false, timestamps: true, CancellationToken.None))
        {
            lines.Add(line);
        }

        Assert.Equal(2, lines.Count);
        Assert.Equal(StdStream.Stderr, lines[0].Stream);
        Assert.Equal("oops", lines[0].Text);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 10, 0, 1, TimeSpan.Zero), lines[0].Timestamp);
        Assert.Equal(StdStream.Stdout, lines[1].Stream);
        Assert.Equal("hello", lines[1].Text);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero).AddTicks(1234567), lines[1].Timestamp);
    }

    [Fact]
    public async Task Tty_output_is_read_raw_and_split_on_crlf()
    {
        var lines = new List<LogLine>();
        await foreach (var line in LogReader.ReadLinesAsync(new MemoryStream("one\r\ntwo\r\nthree"u8.ToArray()), tty: true, timestamps: false, CancellationToken.None))
        {
            lines.Add(line);
        }

        Assert.Equal(["one", "two", "three"], lines.Select(l => l.Text));
        Assert.All(lines, l => Assert.Equal(StdStream.Stdout, l.Stream));
    }
}
