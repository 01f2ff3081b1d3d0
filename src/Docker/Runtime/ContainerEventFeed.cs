using System.Globalization;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Docker.DotNet.Models;

namespace Vibe.Docker.Runtime;

/// <summary>
/// The engine's die and OOM events as a sequence. Docker.DotNet reports events to a progress callback until cancelled; a
/// channel turns them into a sequence that ends when the engine closes the stream and throws what broke it.
/// </summary>
internal static class ContainerEventFeed
{
    public static async IAsyncEnumerable<ContainerEngineEvent> ReadAsync(EngineClient engine, ContainerEventsParameters parameters, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var events = Channel.CreateUnbounded<Message>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var monitor = MonitorAsync(engine, parameters, events.Writer, stop.Token);
        try
        {
            await foreach (var message in events.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (ToEvent(message) is { } engineEvent)
                {
                    yield return engineEvent;
                }
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await monitor.ConfigureAwait(false);
        }
    }

    private static ContainerEngineEvent? ToEvent(Message message)
    {
        var kind = message.Action switch
        {
            "die" => ContainerEventKind.Died,
            "oom" => ContainerEventKind.OutOfMemory,
            _ => (ContainerEventKind?)null,
        };
        if (kind is null || message.Actor is not { } actor)
        {
            return null;
        }

        IReadOnlyDictionary<string, string> attributes = actor.Attributes is { } labels ? labels.AsReadOnly() : new Dictionary<string, string>();
        var exitCode = attributes.TryGetValue("exitCode", out var code) && int.TryParse(code, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : (int?)null;
        var time = message.TimeNano is { } nanoseconds
            ? DateTimeOffset.UnixEpoch.AddTicks(nanoseconds / 100)
            : DateTimeOffset.FromUnixTimeSeconds(message.Time ?? 0);
        return new ContainerEngineEvent(
            actor.ID,
            attributes.GetValueOrDefault(ContainerLabels.Workspace),
            kind.Value,
            exitCode,
            time,
            attributes.GetValueOrDefault("name"));
    }

    /// <summary>Follows the events into <paramref name="events"/> until stopped; a failure completes the channel with the exception to throw.</summary>
    private static async Task MonitorAsync(EngineClient engine, ContainerEventsParameters parameters, ChannelWriter<Message> events, CancellationToken cancellationToken)
    {
        Exception? failure = null;
        try
        {
            await engine.CallAsync((docker, ct) => docker.System.MonitorEventsAsync(parameters, new ChannelProgress(events), ct), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The reader stopped.
        }
        catch (Exception ex)
        {
            failure = ex;
        }

        events.TryComplete(failure);
    }

    /// <summary>Hands each event to the channel as it is read (Progress&lt;T&gt; would post them to the thread pool, out of order).</summary>
    private sealed class ChannelProgress(ChannelWriter<Message> events) : IProgress<Message>
    {
        public void Report(Message value) => events.TryWrite(value);
    }
}
