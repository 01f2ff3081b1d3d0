using System.Threading.Channels;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Orleans.Serialization;
using Orleans.Streams;

namespace Vibe.Streams.Kafka;

/// <summary>
/// Reads one partition for its pulling agent. A dedicated thread owns the Kafka consumer: it finds where to start (the
/// group's committed offset), loads the rewind history before it into the cache, then reads records into a bounded
/// channel the agent drains without blocking, and commits the offsets the agent reports delivered. Broker failures
/// are logged and retried with a growing delay; nothing is committed that was not delivered.
/// </summary>
internal sealed class KafkaQueueAdapterReceiver : IQueueAdapterReceiver
{
    private static readonly TimeSpan PollTimeout = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan CommitInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(5);

    private readonly KafkaStreamOptions _options;
    private readonly TopicPartition _partition;
    private readonly string _group;
    private readonly KafkaQueueCache _cache;
    private readonly Serializer _serializer;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Action _onStopped;
    private readonly Channel<KafkaBatchContainer> _live;
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _deliveredUpTo = -1;
    private Thread? _thread;

    public KafkaQueueAdapterReceiver(KafkaStreamOptions options, string topic, int partition, string group, KafkaQueueCache cache, Serializer serializer, ILogger logger, TimeProvider time, Action onStopped)
    {
        _onStopped = onStopped;
        _options = options;
        _partition = new TopicPartition(topic, new Partition(partition));
        _group = group;
        _cache = cache;
        _serializer = serializer;
        _logger = logger;
        _time = time;
        _live = Channel.CreateBounded<KafkaBatchContainer>(new BoundedChannelOptions(Math.Max(1024, options.MaxCachedRecords / 4))
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
    }

    /// <summary>The partition this receiver reads.</summary>
    public int Partition => _partition.Partition.Value;

    public Task Initialize(TimeSpan timeout)
    {
        _thread = new Thread(Run) { IsBackground = true, Name = $"kafka {_partition.Topic}[{_partition.Partition.Value}]" };
        _thread.Start();

        // Past the timeout the agent starts pumping anyway; the thread keeps trying and records flow once it is ready.
        return _ready.Task.WaitAsync(timeout).ContinueWith(static _ => { }, TaskScheduler.Default);
    }

    public Task<IList<IBatchContainer>> GetQueueMessagesAsync(int maxCount)
    {
        List<IBatchContainer>? batch = null;
        while ((maxCount < 0 || (batch?.Count ?? 0) < maxCount) && _live.Reader.TryRead(out var record))
        {
            (batch ??= []).Add(record);
        }

        return Task.FromResult<IList<IBatchContainer>>(batch ?? (IList<IBatchContainer>)[]);
    }

    public Task MessagesDeliveredAsync(IList<IBatchContainer> messages)
    {
        var upTo = -1L;
        foreach (var message in messages)
        {
            if (message is KafkaBatchContainer record)
            {
                upTo = Math.Max(upTo, record.Offset + 1);
            }
        }

        // The reading thread commits it: the agent never waits for Kafka.
        long seen;
        while (upTo > (seen = Interlocked.Read(ref _deliveredUpTo)) && Interlocked.CompareExchange(ref _deliveredUpTo, upTo, seen) != seen)
        {
        }

        return Task.CompletedTask;
    }

    public async Task Shutdown(TimeSpan timeout)
    {
        await _stop.CancelAsync();
        if (_thread is not null)
        {
            await _stopped.Task.WaitAsync(timeout).ContinueWith(static _ => { }, TaskScheduler.Default);
        }
    }

    private void Run()
    {
        try
        {
            ReadPartition();
        }
        catch (Exception e)
        {
            // Nothing may escape a thread: it would end the process.
            KafkaStreamsLog.ReceiverFailed(_logger, e, _partition.Topic, _partition.Partition.Value);
        }
        finally
        {
            _stopped.TrySetResult();
            _onStopped();
        }
    }

    private void ReadPartition()
    {
        var client = $"{_partition.Topic}[{_partition.Partition.Value}]";
        using var consumer = new ConsumerBuilder<Ignore, byte[]>(KafkaClientConfigs.Consumer(_options, $"vibe-receiver-{client}", _group))
            .SetErrorHandler((_, error) => KafkaStreamsLog.ClientError(_logger, client, error.Code, error.Reason))
            .SetLogHandler((_, log) => KafkaStreamsLog.ClientLog(_logger, client, log.Facility, log.Message))
            .Build();
        var committed = -1L;
        try
        {
            committed = Prepare(consumer);
            _ready.TrySetResult();
            ReadLoop(consumer, ref committed);
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        finally
        {
            Commit(consumer, ref committed, final: true);
            KafkaStreamsLog.ReceiverStopped(_logger, _partition.Topic, _partition.Partition.Value, Math.Max(committed, Interlocked.Read(ref _deliveredUpTo)));
        }
    }

    /// <summary>Finds the start (retrying until the broker answers), loads the rewind history and assigns the partition there.</summary>
    private long Prepare(IConsumer<Ignore, byte[]> consumer)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            _stop.Token.ThrowIfCancellationRequested();
            try
            {
                var committed = consumer.Committed([_partition], _options.StartupTimeout)[0].Offset;
                var marks = consumer.QueryWatermarkOffsets(_partition, _options.StartupTimeout);
                var start = committed.Value >= 0
                    ? Math.Clamp(committed.Value, marks.Low.Value, marks.High.Value)
                    : _options.StartFromEarliest ? marks.Low.Value : marks.High.Value;
                var history = ReadHistory(consumer, marks.Low.Value, start);
                _cache.Start(start, history);
                consumer.Assign(new TopicPartitionOffset(_partition, start));
                KafkaStreamsLog.ReceiverStarted(_logger, _partition.Topic, _partition.Partition.Value, start, committed.Value >= 0 ? committed.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) : "none", history.Count);
                return start;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                KafkaStreamsLog.ReadFailed(_logger, _partition.Topic, _partition.Partition.Value, e is KafkaException kafka ? kafka.Error.Reason : e.Message, KafkaClientConfigs.Describe(delay));
                Wait(ref delay);
            }
        }
    }

    /// <summary>The delivered records before <paramref name="start"/> still inside the rewind window, or none if they cannot be read in time.</summary>
    private List<KafkaBatchContainer> ReadHistory(IConsumer<Ignore, byte[]> consumer, long low, long start)
    {
        var history = new List<KafkaBatchContainer>();
        var from = Math.Max(low, start - _options.MaxCachedRecords);
        if (_options.RewindWindow <= TimeSpan.Zero || from >= start)
        {
            return history;
        }

        var oldest = _time.GetUtcNow().UtcDateTime - _options.RewindWindow;
        var deadline = _time.GetUtcNow() + _options.StartupTimeout;
        consumer.Assign(new TopicPartitionOffset(_partition, from));
        var last = from - 1;
        while (last < start - 1 && _time.GetUtcNow() < deadline)
        {
            _stop.Token.ThrowIfCancellationRequested();
            var result = consumer.Consume(PollTimeout);
            if (result?.Message is null)
            {
                continue;
            }

            last = result.Offset.Value;
            if (last < start && Read(result) is { } record && record.Timestamp >= oldest)
            {
                history.Add(record);
            }
        }

        if (last < start - 1)
        {
            KafkaStreamsLog.HistoryIncomplete(_logger, _partition.Topic, _partition.Partition.Value, last, KafkaClientConfigs.Describe(_options.StartupTimeout));
            history.Clear();
        }

        return history;
    }

    private void ReadLoop(IConsumer<Ignore, byte[]> consumer, ref long committed)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        var lastCommit = _time.GetTimestamp();
        while (!_stop.IsCancellationRequested)
        {
            if (_time.GetElapsedTime(lastCommit) >= CommitInterval)
            {
                Commit(consumer, ref committed, final: false);
                lastCommit = _time.GetTimestamp();
            }

            ConsumeResult<Ignore, byte[]>? result;
            try
            {
                result = consumer.Consume(PollTimeout);
                delay = TimeSpan.FromMilliseconds(100);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                KafkaStreamsLog.ReadFailed(_logger, _partition.Topic, _partition.Partition.Value, e is KafkaException kafka ? kafka.Error.Reason : e.Message, KafkaClientConfigs.Describe(delay));
                Wait(ref delay);
                continue;
            }

            if (result?.Message is not null && Read(result) is { } record)
            {
                // A full channel means the agent is behind: wait here, reading no further, until it drains.
                if (!_live.Writer.TryWrite(record))
                {
                    _live.Writer.WriteAsync(record, _stop.Token).AsTask().GetAwaiter().GetResult();
                }
            }
        }
    }

    private void Commit(IConsumer<Ignore, byte[]> consumer, ref long committed, bool final)
    {
        var upTo = Interlocked.Read(ref _deliveredUpTo);
        if (upTo <= committed || (final && !_ready.Task.IsCompleted))
        {
            return;
        }

        try
        {
            consumer.Commit([new TopicPartitionOffset(_partition, upTo)]);
            committed = upTo;
        }
        catch (KafkaException e)
        {
            KafkaStreamsLog.CommitFailed(_logger, _partition.Topic, _partition.Partition.Value, upTo, e.Error.Reason);
        }
    }

    private KafkaBatchContainer? Read(ConsumeResult<Ignore, byte[]> result)
    {
        try
        {
            var record = _serializer.Deserialize<KafkaBatchContainer>(result.Message.Value) ?? throw new InvalidDataException("The record is empty.");
            record.Token = new KafkaSequenceToken(_partition.Partition.Value, result.Offset.Value, 0);
            record.Timestamp = result.Message.Timestamp.UtcDateTime;
            return record;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            KafkaStreamsLog.UnreadableRecord(_logger, e, _partition.Topic, _partition.Partition.Value, result.Offset.Value);
            return null;
        }
    }

    private void Wait(ref TimeSpan delay)
    {
        _stop.Token.WaitHandle.WaitOne(delay);
        _stop.Token.ThrowIfCancellationRequested();
        delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxRetryDelay.Ticks));
    }
}
