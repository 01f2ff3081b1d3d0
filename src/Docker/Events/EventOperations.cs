using System.Runtime.CompilerServices;
using Vibe.Docker.Serialization;
using Vibe.Docker.Transport;

namespace Vibe.Docker.Events;

/// <summary>The daemon's event stream.</summary>
public sealed class EventOperations
{
    private readonly DockerTransport _transport;

    internal EventOperations(DockerTransport transport)
    {
        _transport = transport;
    }

    /// <summary>Streams events until <paramref name="cancellationToken"/> fires (or <see cref="EventsParameters.Until"/> passes). The request is sent on the first MoveNextAsync.</summary>
    public async IAsyncEnumerable<DockerEvent> MonitorAsync(EventsParameters? parameters = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var query = new QueryString("/events")
            .Add("since", UnixTimestamp.Format(parameters?.Since))
            .Add("until", UnixTimestamp.Format(parameters?.Until))
            .Add("filters", parameters?.Filters?.ToJson());
        using var response = await _transport.SendAsync(HttpMethod.Get, query, null, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var dockerEvent in JsonLines.ReadAsync(stream, DockerJsonContext.Default.DockerEvent, cancellationToken).ConfigureAwait(false))
        {
            yield return dockerEvent;
        }
    }
}
