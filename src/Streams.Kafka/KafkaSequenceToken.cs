using System.Globalization;
using Orleans.Streams;

namespace Vibe.Streams.Kafka;

/// <summary>
/// Where an event is in Kafka: the record's partition and offset, and the event's index within the record (a batch
/// produced together is one record). Tokens of one stream compare in the order the stream's events were stored.
/// <see cref="ToString"/> and <see cref="Parse"/> give a compact text form (<c>p3-o1200-e0</c>) to keep or send to a browser.
/// </summary>
[GenerateSerializer, Immutable, Alias("Vibe.KafkaSequenceToken")]
public sealed class KafkaSequenceToken : StreamSequenceToken
{
    public KafkaSequenceToken(int partition, long offset, int eventIndex)
    {
        Partition = partition;
        SequenceNumber = offset;
        EventIndex = eventIndex;
    }

    /// <summary>The topic's partition, which is the Orleans queue of the stream.</summary>
    [Id(0)]
    public int Partition { get; private set; }

    /// <summary>The record's offset in its partition.</summary>
    [Id(1)]
    public override long SequenceNumber { get; protected set; }

    /// <summary>The event's index within its record.</summary>
    [Id(2)]
    public override int EventIndex { get; protected set; }

    /// <summary>The record's offset in its partition (the same as <see cref="SequenceNumber"/>).</summary>
    public long Offset => SequenceNumber;

    public static KafkaSequenceToken Parse(string text) =>
        TryParse(text, out var token) ? token : throw new FormatException($"'{text}' is not a Kafka stream position (expected p<partition>-o<offset>-e<index>, e.g. p3-o1200-e0).");

    public static bool TryParse(string? text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out KafkaSequenceToken? token)
    {
        token = null;
        var parts = text?.Split('-');
        if (parts is not [['p', .. var p], ['o', .. var o], ['e', .. var e]]
            || !int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var partition)
            || !long.TryParse(o, NumberStyles.None, CultureInfo.InvariantCulture, out var offset)
            || !int.TryParse(e, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
        {
            return false;
        }

        token = new KafkaSequenceToken(partition, offset, index);
        return true;
    }

    public override bool Equals(StreamSequenceToken? other) =>
        other is not null && other.SequenceNumber == SequenceNumber && other.EventIndex == EventIndex
        && (other is not KafkaSequenceToken kafka || kafka.Partition == Partition);

    public override bool Equals(object? obj) => obj is StreamSequenceToken token && Equals(token);

    public override int GetHashCode() => HashCode.Combine(Partition, SequenceNumber, EventIndex);

    public override int CompareTo(StreamSequenceToken? other)
    {
        ArgumentNullException.ThrowIfNull(other);
        var byOffset = SequenceNumber.CompareTo(other.SequenceNumber);
        var byIndex = byOffset != 0 ? byOffset : EventIndex.CompareTo(other.EventIndex);

        // Only tokens of one stream (one partition) have an order; the partition just keeps CompareTo consistent with Equals.
        return byIndex != 0 || other is not KafkaSequenceToken kafka ? byIndex : Partition.CompareTo(kafka.Partition);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"p{Partition}-o{SequenceNumber}-e{EventIndex}");
}
