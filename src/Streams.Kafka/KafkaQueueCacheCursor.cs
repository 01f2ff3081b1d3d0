using Orleans.Runtime;
using Orleans.Streams;

namespace Vibe.Streams.Kafka;

/// <summary>
/// One subscription's place in a partition's cache. The record it last returned stays undelivered until the agent
/// moves on (it delivers a record, then asks for the next), so the cache never reports it delivered too early.
/// </summary>
internal sealed class KafkaQueueCacheCursor : IQueueCacheCursor
{
    private readonly KafkaQueueCache _cache;
    private readonly StreamId _streamId;
    private long _next;
    private KafkaBatchContainer? _current;
    private QueueCacheMissException? _miss;

    /// <param name="miss">The cache no longer holds the position asked for: the first move throws this, then the cursor
    /// serves from <paramref name="start"/>.</param>
    public KafkaQueueCacheCursor(KafkaQueueCache cache, StreamId streamId, long start, QueueCacheMissException? miss = null)
    {
        _cache = cache;
        _streamId = streamId;
        _next = start;
        _miss = miss;
    }

    /// <summary>The lowest offset this cursor may still deliver (read under the cache's lock).</summary>
    internal long Holding => _current?.Offset ?? _next;

    public IBatchContainer GetCurrent(out Exception? exception)
    {
        exception = null;
        return _current!;
    }

    public QueueCacheCursorMoveResult MoveNextWithResult()
    {
        // Thrown rather than returned as a cache-miss result, which Orleans recovers from silently: the subscriber must hear of the gap.
        if (_miss is { } miss)
        {
            _miss = null;
            throw miss;
        }

        _current = _cache.Next(_streamId, _next, out _next);
        return _current is not null ? QueueCacheCursorMoveResult.Success : QueueCacheCursorMoveResult.NoData;
    }

    [Obsolete("Use MoveNextWithResult instead.")]
    public bool MoveNext() => MoveNextWithResult().Kind == QueueCacheCursorMoveResultKind.Success;

    public void Refresh(StreamSequenceToken token)
    {
        // The cursor already stands at the first record it has not returned; new records are found by MoveNext.
    }

    public void RecordDeliveryFailure()
    {
        // Orleans retries and then applies its failure handler; the record stays held until the agent moves on.
    }

    public void Dispose() => _cache.Release(this);
}
