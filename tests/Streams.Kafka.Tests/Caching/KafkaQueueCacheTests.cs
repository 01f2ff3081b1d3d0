using Orleans.Runtime;
using Orleans.Streams;

namespace Vibe.Streams.Kafka.Tests.Caching;

public sealed class KafkaQueueCacheTests
{
    private static readonly StreamId Logs = StreamId.Create("logs", "ws-1");
    private static readonly StreamId Status = StreamId.Create("status", "ws-1");

    private readonly ManualClock _clock = new();

    [Fact]
    public void A_record_is_reported_delivered_only_once_every_cursor_has_moved_past_it()
    {
        var cache = NewCache(committed: 10);
        var logs = cache.GetCacheCursor(Logs, Token(10));
        var status = cache.GetCacheCursor(Status, Token(10));
        cache.AddToCache([Record(Logs, 10), Record(Status, 11), Record(Logs, 12)]);

        Assert.True(logs.MoveNextWithResult().Kind == QueueCacheCursorMoveResultKind.Success);
        Assert.True(logs.MoveNextWithResult().Kind == QueueCacheCursorMoveResultKind.Success);
        Assert.Equal(12, Offset(logs.GetCurrent(out _)!));
        Assert.False(cache.TryPurgeFromCache(out _));

        Assert.True(status.MoveNextWithResult().Kind == QueueCacheCursorMoveResultKind.Success);
        Assert.True(cache.TryPurgeFromCache(out var delivered));
        Assert.Equal([10], delivered.Select(Offset));

        Assert.False(status.MoveNextWithResult().Kind == QueueCacheCursorMoveResultKind.Success);
        Assert.True(cache.TryPurgeFromCache(out delivered));
        Assert.Equal([11], delivered.Select(Offset));

        Assert.False(logs.MoveNextWithResult().Kind == QueueCacheCursorMoveResultKind.Success);
        Assert.True(cache.TryPurgeFromCache(out delivered));
        Assert.Equal([12], delivered.Select(Offset));
    }

    [Fact]
    public void Records_of_streams_nobody_reads_are_delivered_at_once()
    {
        var cache = NewCache(committed: 0);
        cache.AddToCache([Record(Logs, 0), Record(Logs, 1)]);

        Assert.True(cache.TryPurgeFromCache(out var delivered));

        Assert.Equal([0, 1], delivered.Select(Offset));
    }

    [Fact]
    public void A_cursor_from_a_delivered_token_inside_the_rewind_window_replays_from_that_token()
    {
        var cache = NewCache(committed: 0);
        cache.AddToCache([Record(Logs, 0), Record(Status, 1), Record(Logs, 2), Record(Logs, 3)]);
        Assert.True(cache.TryPurgeFromCache(out _));

        var resumed = cache.GetCacheCursor(Logs, Token(2));

        Assert.Equal([2, 3], Drain(resumed));
    }

    [Fact]
    public void The_history_before_the_committed_offset_serves_tokens_but_is_never_reported_again()
    {
        var cache = NewCache(committed: 3, history: [Record(Logs, 1), Record(Logs, 2)]);
        cache.AddToCache([Record(Logs, 3)]);

        Assert.Equal([1, 2, 3], Drain(cache.GetCacheCursor(Logs, Token(1))));
        Assert.True(cache.TryPurgeFromCache(out var delivered));
        Assert.Equal([3], delivered.Select(Offset));
    }

    [Fact]
    public void A_token_older_than_what_the_cache_covers_is_a_cache_miss_on_the_first_move_then_new_records_follow()
    {
        var cache = NewCache(committed: 50, history: [Record(Logs, 40)]);
        var cursor = cache.GetCacheCursor(Logs, Token(39));
        cache.AddToCache([Record(Logs, 50)]);

        var miss = Assert.Throws<QueueCacheMissException>(() => cursor.MoveNextWithResult());

        Assert.Contains("39", miss.Requested);
        Assert.Equal([50], Drain(cursor));
    }

    [Fact]
    public void Delivered_records_older_than_the_rewind_window_are_dropped_and_their_tokens_become_misses()
    {
        var cache = NewCache(committed: 0, rewindWindow: TimeSpan.FromMinutes(1));
        cache.AddToCache([Record(Logs, 0), Record(Logs, 1)]);
        _clock.Advance(TimeSpan.FromSeconds(30));
        cache.AddToCache([Record(Logs, 2)]);
        _clock.Advance(TimeSpan.FromSeconds(45));

        cache.TryPurgeFromCache(out _);

        Assert.Equal(2, cache.CoveredFrom);
        Assert.Throws<QueueCacheMissException>(() => cache.GetCacheCursor(Logs, Token(1)).MoveNextWithResult());
        Assert.Equal([2], Drain(cache.GetCacheCursor(Logs, Token(2))));
    }

    [Fact]
    public void Undelivered_records_are_never_dropped_and_a_full_cache_stops_reading()
    {
        var cache = NewCache(committed: 0, maxRecords: 16, rewindWindow: TimeSpan.Zero);
        var slow = cache.GetCacheCursor(Logs, Token(0));
        cache.AddToCache([.. Enumerable.Range(0, 16).Select(i => Record(Logs, i))]);
        _clock.Advance(TimeSpan.FromHours(1));

        Assert.False(cache.TryPurgeFromCache(out _));
        Assert.True(cache.IsUnderPressure());
        Assert.Equal(0, cache.GetMaxAddCount());
        Assert.Equal(Enumerable.Range(0, 16).Select(i => (long)i), Drain(slow));
        Assert.True(cache.TryPurgeFromCache(out _));
        Assert.False(cache.IsUnderPressure());
    }

    [Fact]
    public void A_disposed_cursor_holds_nothing_back()
    {
        var cache = NewCache(committed: 0);
        var cursor = cache.GetCacheCursor(Logs, Token(0));
        cache.AddToCache([Record(Logs, 0)]);
        Assert.False(cache.TryPurgeFromCache(out _));

        cursor.Dispose();

        Assert.True(cache.TryPurgeFromCache(out var delivered));
        Assert.Equal([0], delivered.Select(Offset));
    }

    private KafkaQueueCache NewCache(long committed, KafkaBatchContainer[]? history = null, int maxRecords = 1000, TimeSpan? rewindWindow = null)
    {
        var cache = new KafkaQueueCache(partition: 0, rewindWindow ?? TimeSpan.FromMinutes(5), maxRecords, _clock);
        cache.Start(committed, history ?? []);
        return cache;
    }

    private KafkaBatchContainer Record(StreamId stream, long offset) =>
        new(stream, ["event"], null) { Token = Token(offset), Timestamp = _clock.GetUtcNow().UtcDateTime };

    private static KafkaSequenceToken Token(long offset) => new(0, offset, 0);

    private static long Offset(IBatchContainer record) => record.SequenceToken.SequenceNumber;

    private static List<long> Drain(IQueueCacheCursor cursor)
    {
        var offsets = new List<long>();
        while (cursor.MoveNextWithResult().Kind == QueueCacheCursorMoveResultKind.Success)
        {
            offsets.Add(Offset(cursor.GetCurrent(out _)!));
        }

        return offsets;
    }

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
