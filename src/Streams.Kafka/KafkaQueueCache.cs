using Orleans.Runtime;
using Orleans.Streams;

namespace Vibe.Streams.Kafka;

/// <summary>
/// One partition's records in offset order, shared by the cursors of the streams on it. A record is delivered once
/// every cursor has moved past it; delivered records are reported through <see cref="TryPurgeFromCache"/> (so the
/// receiver commits their offsets) but kept for the rewind window, so a subscriber can resume from a token. Records
/// older than <see cref="CoveredFrom"/> are not here: a cursor asked for one throws a <see cref="QueueCacheMissException"/>
/// on its first move, then serves what arrives after it was made.
/// </summary>
internal sealed class KafkaQueueCache : IQueueCache
{
    private const int MaxAddBatch = 1024;

    private readonly object _gate = new();
    private readonly List<KafkaBatchContainer> _records = [];
    private readonly HashSet<KafkaQueueCacheCursor> _cursors = [];
    private readonly int _partition;
    private readonly TimeSpan _rewindWindow;
    private readonly int _maxRecords;
    private readonly TimeProvider _time;
    private int _head;
    private long _coveredFrom;
    private long _reportedUpTo;

    public KafkaQueueCache(int partition, TimeSpan rewindWindow, int maxRecords, TimeProvider time)
    {
        _partition = partition;
        _rewindWindow = rewindWindow;
        _maxRecords = maxRecords;
        _time = time;
    }

    /// <summary>The oldest offset the cache can serve: a token before it is a cache miss.</summary>
    public long CoveredFrom
    {
        get { lock (_gate) { return _coveredFrom; } }
    }

    private int Count => _records.Count - _head;

    private long EndOffset => Count == 0 ? _coveredFrom : _records[^1].Offset + 1;

    /// <summary>
    /// Sets where reading starts, with the already-committed records before it (the rewind history); called once by the
    /// receiver before the agent reads live records.
    /// </summary>
    public void Start(long committed, IReadOnlyList<KafkaBatchContainer> history)
    {
        lock (_gate)
        {
            _records.Clear();
            _head = 0;
            _coveredFrom = history.Count > 0 ? Math.Min(history[0].Offset, committed) : committed;
            _reportedUpTo = committed;
            foreach (var record in history)
            {
                if (record.Offset < committed && record.Offset >= EndOffset)
                {
                    _records.Add(record);
                }
            }

            EvictDelivered(committed);
        }
    }

    public int GetMaxAddCount()
    {
        lock (_gate)
        {
            return Math.Clamp(_maxRecords - Undelivered(DeliveredFrontier()), 0, MaxAddBatch);
        }
    }

    public bool IsUnderPressure()
    {
        lock (_gate)
        {
            return Undelivered(DeliveredFrontier()) >= _maxRecords;
        }
    }

    public void AddToCache(IList<IBatchContainer> messages)
    {
        lock (_gate)
        {
            foreach (var message in messages)
            {
                // A receiver that re-read after an error may hand over records it already gave: keep offsets increasing.
                if (message is KafkaBatchContainer record && record.Offset >= EndOffset)
                {
                    _records.Add(record);
                }
            }
        }
    }

    public bool TryPurgeFromCache(out IList<IBatchContainer> purgedItems)
    {
        lock (_gate)
        {
            var frontier = DeliveredFrontier();
            List<IBatchContainer>? delivered = null;
            if (frontier > _reportedUpTo)
            {
                for (var i = IndexOf(_reportedUpTo); i < _records.Count && _records[i].Offset < frontier; i++)
                {
                    (delivered ??= []).Add(_records[i]);
                }

                _reportedUpTo = frontier;
            }

            EvictDelivered(frontier);
            purgedItems = delivered ?? (IList<IBatchContainer>)[];
            return delivered is not null;
        }
    }

    public IQueueCacheCursor GetCacheCursor(StreamId streamId, StreamSequenceToken? token)
    {
        lock (_gate)
        {
            KafkaQueueCacheCursor cursor;
            if (token is not null && token.SequenceNumber < _coveredFrom)
            {
                // Reported by the cursor's first move, not thrown here: a miss thrown here while the pulling agent meets a
                // subscription as it registers a stream (a quiet stream, after a nudge) is dropped by Orleans, which then
                // serves the subscription from the live position with no error. A failed move reaches OnErrorAsync.
                var miss = new QueueCacheMissException(
                    token,
                    new KafkaSequenceToken(_partition, _coveredFrom, 0),
                    new KafkaSequenceToken(_partition, Math.Max(_coveredFrom, EndOffset - 1), 0));
                cursor = new KafkaQueueCacheCursor(this, streamId, EndOffset, miss);
            }
            else
            {
                cursor = new KafkaQueueCacheCursor(this, streamId, token?.SequenceNumber ?? EndOffset);
            }

            _cursors.Add(cursor);
            return cursor;
        }
    }

    /// <summary>The next record of <paramref name="streamId"/> at or after <paramref name="from"/>, and where to look after it.</summary>
    internal KafkaBatchContainer? Next(StreamId streamId, long from, out long next)
    {
        lock (_gate)
        {
            for (var i = IndexOf(from); i < _records.Count; i++)
            {
                if (_records[i].StreamId.Equals(streamId))
                {
                    next = _records[i].Offset + 1;
                    return _records[i];
                }
            }

            next = Math.Max(from, EndOffset);
            return null;
        }
    }

    internal void Release(KafkaQueueCacheCursor cursor)
    {
        lock (_gate)
        {
            _cursors.Remove(cursor);
        }
    }

    /// <summary>The lowest offset some cursor may still deliver; everything before it is delivered.</summary>
    private long DeliveredFrontier()
    {
        var frontier = EndOffset;
        foreach (var cursor in _cursors)
        {
            frontier = Math.Min(frontier, cursor.Holding);
        }

        return frontier;
    }

    private int Undelivered(long frontier) => _records.Count - IndexOf(frontier);

    /// <summary>Drops delivered records older than the rewind window, and the oldest delivered ones beyond the size limit.</summary>
    private void EvictDelivered(long frontier)
    {
        var oldest = _time.GetUtcNow().UtcDateTime - _rewindWindow;
        var evict = _head;
        while (evict < _records.Count && _records[evict].Offset < frontier
            && (_records[evict].Timestamp < oldest || _records.Count - evict > _maxRecords))
        {
            evict++;
        }

        if (evict == _head)
        {
            return;
        }

        _coveredFrom = _records[evict - 1].Offset + 1;
        _head = evict;
        if (_head > 1024 && _head > _records.Count / 2)
        {
            _records.RemoveRange(0, _head);
            _head = 0;
        }
    }

    /// <summary>The index of the first record at or after <paramref name="offset"/>.</summary>
    private int IndexOf(long offset)
    {
        int low = _head, high = _records.Count;
        while (low < high)
        {
            var mid = (low + high) >>> 1;
            if (_records[mid].Offset < offset)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }
}
