using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Vibe.Actors.Cluster;

namespace Vibe.Actors.Messaging;

/// <summary>
/// The first bytes each side of a silo connection sends: the magic "VIBE-SILO/1", then a 4-byte little-endian length
/// and a body of status, cluster id, the sender's silo address and (in a hello) the silo it means to reach.
/// </summary>
internal sealed class SiloPreamble(HandshakeStatus status, string clusterId, SiloAddress silo, SiloAddress? target)
{
    /// <summary>A larger body is not a preamble; the peer is not speaking the silo protocol.</summary>
    public const int MaxBodyLength = 4096;

    public static ReadOnlySpan<byte> Magic => "VIBE-SILO/1"u8;

    public HandshakeStatus Status { get; } = status;

    public string ClusterId { get; } = clusterId;

    /// <summary>The sending silo.</summary>
    public SiloAddress Silo { get; } = silo;

    /// <summary>The silo the connector means to reach (hello only).</summary>
    public SiloAddress? Target { get; } = target;

    public byte[] ToArray()
    {
        var clusterId = Encoding.UTF8.GetBytes(ClusterId);
        var silo = Encoding.UTF8.GetBytes(Silo.ToString());
        var target = Target is null ? null : Encoding.UTF8.GetBytes(Target.ToString());
        var bodyLength = 1 + 4 + clusterId.Length + 4 + silo.Length + 4 + (target?.Length ?? 0);
        if (bodyLength > MaxBodyLength)
        {
            throw new ArgumentException($"The preamble would take {bodyLength} bytes; the limit is {MaxBodyLength} (is the cluster id that long?).");
        }

        var bytes = new byte[Magic.Length + 4 + bodyLength];
        var span = bytes.AsSpan();
        Magic.CopyTo(span);
        span = span[Magic.Length..];
        BinaryPrimitives.WriteInt32LittleEndian(span, bodyLength);
        span[4] = (byte)Status;
        span = span[5..];
        WriteString(ref span, clusterId);
        WriteString(ref span, silo);
        WriteString(ref span, target);
        return bytes;
    }

    /// <summary>
    /// Reads a preamble from the start of <paramref name="buffer"/> if it is complete, and slices it off.
    /// Throws <see cref="InvalidDataException"/> as soon as the bytes cannot be a preamble.
    /// </summary>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, out SiloPreamble? preamble)
    {
        preamble = null;
        var magicLength = (int)Math.Min(buffer.Length, Magic.Length);
        Span<byte> head = stackalloc byte[Magic.Length + 4];
        buffer.Slice(0, magicLength).CopyTo(head);
        if (!head[..magicLength].SequenceEqual(Magic[..magicLength]))
        {
            throw new InvalidDataException("The peer did not start with the silo protocol magic \"VIBE-SILO/1\".");
        }

        if (buffer.Length < Magic.Length + 4)
        {
            return false;
        }

        buffer.Slice(0, Magic.Length + 4).CopyTo(head);
        var bodyLength = BinaryPrimitives.ReadInt32LittleEndian(head[Magic.Length..]);
        if (bodyLength < 1 || bodyLength > MaxBodyLength)
        {
            throw new InvalidDataException($"Preamble length {bodyLength} is outside 1..{MaxBodyLength}.");
        }

        if (buffer.Length < Magic.Length + 4 + bodyLength)
        {
            return false;
        }

        var body = buffer.Slice(Magic.Length + 4, bodyLength).ToArray().AsSpan();
        try
        {
            var status = (HandshakeStatus)body[0];
            body = body[1..];
            var clusterId = ReadString(ref body) ?? throw new InvalidDataException("The preamble has no cluster id.");
            var silo = ReadString(ref body) ?? throw new InvalidDataException("The preamble has no silo address.");
            var target = ReadString(ref body);
            preamble = new SiloPreamble(status, clusterId, SiloAddress.Parse(silo), target is null ? null : SiloAddress.Parse(target));
        }
        catch (FormatException ex)
        {
            throw new InvalidDataException($"The preamble is malformed: {ex.Message}", ex);
        }

        buffer = buffer.Slice(Magic.Length + 4 + bodyLength);
        return true;
    }

    private static void WriteString(ref Span<byte> span, byte[]? value)
    {
        BinaryPrimitives.WriteInt32LittleEndian(span, value?.Length ?? -1);
        span = span[4..];
        if (value is not null)
        {
            value.CopyTo(span);
            span = span[value.Length..];
        }
    }

    private static string? ReadString(ref Span<byte> span)
    {
        if (span.Length < 4)
        {
            throw new InvalidDataException("The preamble is truncated.");
        }

        var length = BinaryPrimitives.ReadInt32LittleEndian(span);
        span = span[4..];
        if (length < 0)
        {
            return null;
        }

        if (length > span.Length)
        {
            throw new InvalidDataException($"A preamble string of {length} bytes overruns the preamble.");
        }

        var value = Encoding.UTF8.GetString(span[..length]);
        span = span[length..];
        return value;
    }

    public override string ToString() => $"{Status} {ClusterId} {Silo}->{Target}";
}
