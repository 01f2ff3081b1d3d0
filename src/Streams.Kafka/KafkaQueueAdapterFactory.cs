using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;
using Orleans.Streams;

namespace Vibe.Streams.Kafka;

/// <summary>
/// One Kafka stream provider in a silo or client: checks the topic at start, produces through one adapter, and gives
/// each pulling agent a cache and a receiver for its queue (queue <c>i</c> is partition <c>i</c>). A DI singleton per
/// provider name, so the host's shutdown disposes the producer and stops the receivers.
/// </summary>
internal sealed class KafkaQueueAdapterFactory : IQueueAdapterFactory, IQueueAdapterCache, IDisposable
{
    private readonly string _name;
    private readonly KafkaStreamOptions _options;
    private readonly Serializer _serializer;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly HashRingBasedStreamQueueMapper _mapper;
    private readonly ConcurrentDictionary<QueueId, KafkaQueueCache> _caches = new();
    private readonly ConcurrentDictionary<KafkaQueueAdapterReceiver, byte> _receivers = new();
    private readonly SemaphoreSlim _creating = new(1, 1);
    private KafkaQueueAdapter? _adapter;

    public KafkaQueueAdapterFactory(string name, IOptionsMonitor<KafkaStreamOptions> options, Serializer serializer, ILoggerFactory loggerFactory, TimeProvider? time = null)
    {
        _name = name;
        _options = options.Get(name);
        _serializer = serializer;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<KafkaQueueAdapterFactory>();
        _time = time ?? TimeProvider.System;
        _mapper = new HashRingBasedStreamQueueMapper(new HashRingStreamQueueMapperOptions { TotalQueueCount = _options.Partitions }, name);
    }

    /// <summary>What <c>AddPersistentStreams</c> calls: the provider's singleton.</summary>
    public static IQueueAdapterFactory Create(IServiceProvider services, string name) => services.GetRequiredKeyedService<KafkaQueueAdapterFactory>(name);

    public async Task<IQueueAdapter> CreateAdapter()
    {
        await _creating.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_adapter is null)
            {
                using var timeout = new CancellationTokenSource(_options.StartupTimeout * 2);
                await KafkaTopicProvisioner.EnsureAsync(_name, _options, _logger, timeout.Token).ConfigureAwait(false);
                _adapter = new KafkaQueueAdapter(_name, _options, _mapper, _serializer, CreateReceiver, _loggerFactory.CreateLogger<KafkaQueueAdapter>());
            }

            return _adapter;
        }
        finally
        {
            _creating.Release();
        }
    }

    /// <summary>The partitions this process's pulling agents read now.</summary>
    internal IReadOnlyList<int> ReadPartitions => [.. _receivers.Keys.Select(r => r.Partition).Order()];

    /// <summary>The cache of a queue this process pulls, if any.</summary>
    internal KafkaQueueCache? CacheOf(QueueId queueId) => _caches.GetValueOrDefault(queueId);

    public IQueueAdapterCache GetQueueAdapterCache() => this;

    public IStreamQueueMapper GetStreamQueueMapper() => _mapper;

    public Task<IStreamFailureHandler> GetDeliveryFailureHandler(QueueId queueId) => Task.FromResult<IStreamFailureHandler>(new NoOpStreamDeliveryFailureHandler());

    public IQueueCache CreateQueueCache(QueueId queueId) =>
        _caches[queueId] = new KafkaQueueCache((int)queueId.GetNumericId(), _options.RewindWindow, _options.MaxCachedRecords, _time);

    public void Dispose()
    {
        foreach (var receiver in _receivers.Keys)
        {
            receiver.Shutdown(TimeSpan.FromSeconds(5)).GetAwaiter().GetResult();
        }

        _adapter?.Dispose();
        _creating.Dispose();
    }

    private KafkaQueueAdapterReceiver CreateReceiver(QueueId queueId)
    {
        // The agent creates the queue's cache just before its receiver; the receiver fills the cache's rewind history.
        var cache = _caches.TryGetValue(queueId, out var existing) ? existing : (KafkaQueueCache)CreateQueueCache(queueId);
        KafkaQueueAdapterReceiver? receiver = null;
        receiver = new KafkaQueueAdapterReceiver(
            _options, _options.TopicFor(_name), (int)queueId.GetNumericId(), _options.GroupFor(_name), cache, _serializer,
            _loggerFactory.CreateLogger<KafkaQueueAdapterReceiver>(), _time, () => _receivers.TryRemove(receiver!, out _));
        _receivers[receiver] = 0;
        return receiver;
    }
}
