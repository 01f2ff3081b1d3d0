using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Text;
using Vibe.Actors.Cluster;

namespace Vibe.Actors.Messaging;

/// <summary>
/// Writes and reads frames: a 4-byte little-endian length, then the header fields in a fixed order, then the body.
/// Strings are length-prefixed UTF-8. No reflection, one pass each way.
/// </summary>
internal static class MessageCodec
{
    /// <summary>The largest frame accepted (16 MiB); a larger length means a broken or hostile peer.</summary>
    public const int MaxFrameLength = 16 * 1024 * 1024;

    // Silo addresses, interface names and grain types repeat in nearly every frame: parse each once.
    // Bounded, so a peer sending endless distinct values cannot grow them without limit.
    private const int MaxCachedValues = 4096;
    private const int MaxCachedValueBytes = 256;
    private static readonly ConcurrentDictionary<string, SiloAddress> SiloAddresses = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, string> Names = new(StringComparer.Ordinal);

    public static void Write(IBufferWriter<byte> output, Message message)
    {
        var sending = message.SendingSilo?.ToString();
        var target = message.TargetSilo?.ToString();
        var grainType = message.TargetGrain.IsDefault ? null : message.TargetGrain.Type;
        var grainKey = message.TargetGrain.IsDefault ? null : message.TargetGrain.Key;
        var length = 1 + 1 + 8 + StringSize(sending) + StringSize(target) + StringSize(grainType) + StringSize(grainKey)
            + StringSize(message.InterfaceName) + 4 + 4 + 1 + 8 + 4 + (8L * message.CallChain.Length) + 4 + message.Body.Length;
        if (length > MaxFrameLength)
        {
            // Checked before writing anything: the reader would close the whole connection over this one frame.
            throw new ArgumentException($"The message is {length} bytes framed; the limit is {MaxFrameLength}: {message}", nameof(message));
        }

        var span = output.GetSpan(4 + (int)length);
        var writer = new FrameWriter(span);
        writer.Int32((int)length);
        writer.Byte((byte)message.Direction);
        writer.Byte((byte)message.Result);
        writer.Int64(message.CorrelationId);
        writer.String(sending);
        writer.String(target);
        writer.String(grainType);
        writer.String(grainKey);
        writer.String(message.InterfaceName);
        writer.UInt32(message.MethodId);
        writer.Int32(message.TimeToLiveMs);
        writer.Byte(message.ForwardCount);
        writer.Int64(message.RequestId);
        writer.Int32(message.CallChain.Length);
        foreach (var id in message.CallChain)
        {
            writer.Int64(id);
        }

        writer.Int32(message.Body.Length);
        writer.Bytes(message.Body.Span);
        output.Advance(4 + (int)length);
    }

    private static int StringSize(string? value) => 4 + (value is null ? 0 : Encoding.UTF8.GetByteCount(value));

    /// <summary>
    /// Reads one frame from the start of <paramref name="buffer"/> if it is complete, and slices it off.
    /// A bad length or a malformed frame throws <see cref="InvalidDataException"/>.
    /// </summary>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, out Message? message)
    {
        message = null;
        if (buffer.Length < 4)
        {
            return false;
        }

        Span<byte> lengthBytes = stackalloc byte[4];
        buffer.Slice(0, 4).CopyTo(lengthBytes);
        var length = BinaryPrimitives.ReadInt32LittleEndian(lengthBytes);
        if (length < 0 || length > MaxFrameLength)
        {
            throw new InvalidDataException($"Frame length {length} is outside 0..{MaxFrameLength}; the peer is not speaking the silo protocol.");
        }

        if (buffer.Length < 4 + length)
        {
            return false;
        }

        var frame = buffer.Slice(4, length);
        message = Parse(frame.ToArray()); // a copy: the reader's buffer is reused once the frame is consumed
        buffer = buffer.Slice(4 + length);
        return true;
    }

    private static Message Parse(ReadOnlyMemory<byte> frame)
    {
        try
        {
            return ParseFields(frame);
        }
        catch (Exception ex) when (ex is IndexOutOfRangeException or ArgumentException or FormatException)
        {
            // A field ran past the end of the frame, or a silo address or grain id in it does not parse.
            throw new InvalidDataException($"Malformed frame of {frame.Length} bytes: {ex.Message}", ex);
        }
    }

    private static Message ParseFields(ReadOnlyMemory<byte> frame)
    {
        var reader = new FrameReader(frame.Span);
        var direction = (MessageDirection)reader.Byte();
        var result = (ResponseKind)reader.Byte();
        var correlationId = reader.Int64();
        var sending = reader.Silo();
        var target = reader.Silo();
        var grainType = reader.Name();
        var grainKey = reader.String();
        var interfaceName = reader.Name() ?? "";
        var methodId = reader.UInt32();
        var ttl = reader.Int32();
        var forwardCount = reader.Byte();
        var requestId = reader.Int64();
        var chainLength = reader.Int32();
        if (chainLength < 0 || chainLength > 1024)
        {
            throw new InvalidDataException($"Call chain length {chainLength} is not plausible.");
        }

        var chain = chainLength == 0 ? [] : new long[chainLength];
        for (var i = 0; i < chainLength; i++)
        {
            chain[i] = reader.Int64();
        }

        var bodyLength = reader.Int32();
        var bodyStart = reader.Position;
        if (bodyLength < 0 || bodyStart + bodyLength > frame.Length)
        {
            throw new InvalidDataException($"Body length {bodyLength} overruns the frame.");
        }

        return new Message
        {
            Direction = direction,
            Result = result,
            CorrelationId = correlationId,
            SendingSilo = sending,
            TargetSilo = target,
            TargetGrain = grainType is null ? default : new GrainId(grainType, grainKey ?? ""),
            InterfaceName = interfaceName,
            MethodId = methodId,
            TimeToLiveMs = ttl,
            ForwardCount = forwardCount,
            RequestId = requestId,
            CallChain = chain,
            Body = frame.Slice(bodyStart, bodyLength),
        };
    }

    private ref struct FrameWriter(Span<byte> buffer)
    {
        private readonly Span<byte> _buffer = buffer;
        private int _position;

        public void Byte(byte value) => _buffer[_position++] = value;

        public void Int32(int value)
        {
            BinaryPrimitives.WriteInt32LittleEndian(_buffer[_position..], value);
            _position += 4;
        }

        public void UInt32(uint value)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(_buffer[_position..], value);
            _position += 4;
        }

        public void Int64(long value)
        {
            BinaryPrimitives.WriteInt64LittleEndian(_buffer[_position..], value);
            _position += 8;
        }

        public void String(string? value)
        {
            if (value is null)
            {
                Int32(-1);
                return;
            }

            var count = Encoding.UTF8.GetBytes(value, _buffer[(_position + 4)..]);
            Int32(count);
            _position += count;
        }

        public void Bytes(ReadOnlySpan<byte> value)
        {
            value.CopyTo(_buffer[_position..]);
            _position += value.Length;
        }
    }

    private ref struct FrameReader(ReadOnlySpan<byte> frame)
    {
        private readonly ReadOnlySpan<byte> _frame = frame;

        public int Position { get; private set; }

        public byte Byte() => _frame[Position++];

        public int Int32()
        {
            var value = BinaryPrimitives.ReadInt32LittleEndian(_frame[Position..]);
            Position += 4;
            return value;
        }

        public uint UInt32()
        {
            var value = BinaryPrimitives.ReadUInt32LittleEndian(_frame[Position..]);
            Position += 4;
            return value;
        }

        public long Int64()
        {
            var value = BinaryPrimitives.ReadInt64LittleEndian(_frame[Position..]);
            Position += 8;
            return value;
        }

        /// <summary>A silo address, the same instance for the same text.</summary>
        public SiloAddress? Silo()
        {
            if (!TryBytes(out var utf8))
            {
                return null;
            }

            if (utf8.Length > MaxCachedValueBytes)
            {
                return SiloAddress.Parse(Encoding.UTF8.GetString(utf8));
            }

            Span<char> chars = stackalloc char[MaxCachedValueBytes];
            chars = chars[..Encoding.UTF8.GetChars(utf8, chars)];
            if (SiloAddresses.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(chars, out var silo))
            {
                return silo;
            }

            var text = new string(chars);
            silo = SiloAddress.Parse(text);
            if (SiloAddresses.Count < MaxCachedValues)
            {
                SiloAddresses.TryAdd(text, silo);
            }

            return silo;
        }

        /// <summary>A short string that repeats across frames (interface name, grain type), interned.</summary>
        public string? Name()
        {
            if (!TryBytes(out var utf8))
            {
                return null;
            }

            if (utf8.Length > MaxCachedValueBytes)
            {
                return Encoding.UTF8.GetString(utf8);
            }

            Span<char> chars = stackalloc char[MaxCachedValueBytes];
            chars = chars[..Encoding.UTF8.GetChars(utf8, chars)];
            if (Names.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(chars, out var name))
            {
                return name;
            }

            name = new string(chars);
            if (Names.Count < MaxCachedValues)
            {
                Names.TryAdd(name, name);
            }

            return name;
        }

        public string? String()
        {
            return TryBytes(out var utf8) ? Encoding.UTF8.GetString(utf8) : null;
        }

        /// <summary>The bytes of a length-prefixed string; false for a null string.</summary>
        private bool TryBytes(out ReadOnlySpan<byte> value)
        {
            var length = Int32();
            if (length < 0)
            {
                value = default;
                return false;
            }

            if (length > _frame.Length - Position)
            {
                throw new InvalidDataException($"String length {length} overruns the frame.");
            }

            value = _frame.Slice(Position, length);
            Position += length;
            return true;
        }
    }
}
