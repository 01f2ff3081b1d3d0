using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Vibe.Docker.Errors;
using Vibe.Docker.Logs;
using Vibe.Docker.Serialization;
using Vibe.Docker.Stats;
using Vibe.Docker.Transport;

namespace Vibe.Docker.Containers;

/// <summary>Container lifecycle, inspection, logs and stats (<c>/containers/...</c>).</summary>
public sealed class ContainerOperations
{
    private readonly DockerTransport _transport;

    internal ContainerOperations(DockerTransport transport)
    {
        _transport = transport;
    }

    /// <summary>Creates a container. Throws <see cref="DockerNotFoundException"/> when the image is missing (nothing is pulled) and <see cref="DockerConflictException"/> when the name is taken.</summary>
    public async Task<ContainerCreateResponse> CreateAsync(ContainerCreateParameters parameters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentException.ThrowIfNullOrWhiteSpace(parameters.Image, nameof(parameters.Image));
        var query = new QueryString("/containers/create").Add("name", parameters.Name);
        var created = await _transport.SendJsonAsync(
            HttpMethod.Post, query, parameters, DockerJsonContext.Default.ContainerCreateParameters, DockerJsonContext.Default.ContainerCreateResponse, cancellationToken).ConfigureAwait(false);
        _transport.Logger.LogDebug("Created container {ContainerId} ({ContainerName}) from {Image}", created.Id, parameters.Name, parameters.Image);
        return created;
    }

    /// <summary>Starts a container; returns false when it was already running.</summary>
    public async Task<bool> StartAsync(string id, CancellationToken cancellationToken = default)
    {
        var status = await _transport.SendNoContentAsync(HttpMethod.Post, new QueryString($"/containers/{Escape(id)}/start"), null, cancellationToken).ConfigureAwait(false);
        return status != HttpStatusCode.NotModified;
    }

    /// <summary>Sends the stop signal, then SIGKILL after <paramref name="timeout"/> (the container's own StopTimeout, else 10 s, when null). Returns false when it was not running.</summary>
    public async Task<bool> StopAsync(string id, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var query = new QueryString($"/containers/{Escape(id)}/stop").Add("t", Seconds(timeout));
        var status = await _transport.SendNoContentAsync(HttpMethod.Post, query, null, cancellationToken).ConfigureAwait(false);
        return status != HttpStatusCode.NotModified;
    }

    public async Task RestartAsync(string id, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var query = new QueryString($"/containers/{Escape(id)}/restart").Add("t", Seconds(timeout));
        await _transport.SendNoContentAsync(HttpMethod.Post, query, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends a signal (SIGKILL when null). Throws <see cref="DockerConflictException"/> when the container is not running.</summary>
    public async Task KillAsync(string id, string? signal = null, CancellationToken cancellationToken = default)
    {
        var query = new QueryString($"/containers/{Escape(id)}/kill").Add("signal", signal);
        await _transport.SendNoContentAsync(HttpMethod.Post, query, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes a container; <paramref name="force"/> kills it first if running, <paramref name="removeVolumes"/> also removes its anonymous volumes.</summary>
    public async Task RemoveAsync(string id, bool force = false, bool removeVolumes = false, CancellationToken cancellationToken = default)
    {
        var query = new QueryString($"/containers/{Escape(id)}").AddIfTrue("force", force).AddIfTrue("v", removeVolumes);
        await _transport.SendNoContentAsync(HttpMethod.Delete, query, null, cancellationToken).ConfigureAwait(false);
        _transport.Logger.LogDebug("Removed container {ContainerId}", id);
    }

    /// <summary>Renames a container. Throws <see cref="DockerConflictException"/> when another container has <paramref name="name"/>.</summary>
    public async Task RenameAsync(string id, string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var query = new QueryString($"/containers/{Escape(id)}/rename").Add("name", name);
        await _transport.SendNoContentAsync(HttpMethod.Post, query, null, cancellationToken).ConfigureAwait(false);
    }

    public Task<ContainerInspectResponse> InspectAsync(string id, CancellationToken cancellationToken = default) =>
        _transport.GetJsonAsync(new QueryString($"/containers/{Escape(id)}/json"), DockerJsonContext.Default.ContainerInspectResponse, cancellationToken);

    /// <summary>Like <see cref="InspectAsync"/>, but null when there is no such container.</summary>
    public async Task<ContainerInspectResponse?> TryInspectAsync(string id, CancellationToken cancellationToken = default)
    {
        try
        {
            return await InspectAsync(id, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Waits until the container stops and returns its exit code (immediately if it is not running).</summary>
    public async Task<long> WaitAsync(string id, CancellationToken cancellationToken = default)
    {
        var query = new QueryString($"/containers/{Escape(id)}/wait").Add("condition", "not-running");
        var response = await _transport.SendForJsonAsync(HttpMethod.Post, query, null, DockerJsonContext.Default.ContainerWaitResponse, cancellationToken).ConfigureAwait(false);
        if (response.Error?.Message is { Length: > 0 } message)
        {
            throw new DockerApiException(HttpStatusCode.OK, message);
        }

        return response.StatusCode;
    }

    /// <summary>Lists containers (running only unless <paramref name="all"/>), e.g. <c>DockerFilters.ByLabel("vibe.workspace")</c>.</summary>
    public async Task<IReadOnlyList<ContainerSummary>> ListAsync(bool all = true, DockerFilters? filters = null, CancellationToken cancellationToken = default)
    {
        var query = new QueryString("/containers/json").AddIfTrue("all", all).Add("filters", filters?.ToJson());
        return await _transport.GetJsonAsync(query, DockerJsonContext.Default.ListContainerSummary, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Streams the container's output as lines. With <see cref="LogsParameters.Follow"/> the sequence continues until the container
    /// stops or <paramref name="cancellationToken"/> fires. Unless <see cref="LogsParameters.Tty"/> says, the container is inspected first to know whether output is multiplexed (no TTY) or raw.
    /// </summary>
    public async IAsyncEnumerable<LogLine> GetLogsAsync(string id, LogsParameters? parameters = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        parameters ??= new LogsParameters();
        var tty = parameters.Tty ?? (await InspectAsync(id, cancellationToken).ConfigureAwait(false)).Config?.Tty ?? false;
        var query = new QueryString($"/containers/{Escape(id)}/logs")
            .Add("stdout", parameters.Stdout)
            .Add("stderr", parameters.Stderr)
            .AddIfTrue("follow", parameters.Follow)
            .AddIfTrue("timestamps", parameters.Timestamps)
            .Add("since", UnixTimestamp.Format(parameters.Since))
            .Add("until", UnixTimestamp.Format(parameters.Until))
            .Add("tail", parameters.Tail is { } tail ? tail.ToString(CultureInfo.InvariantCulture) : "all");
        using var response = await _transport.SendAsync(HttpMethod.Get, query, null, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var line in LogReader.ReadLinesAsync(body, tty, parameters.Timestamps, cancellationToken).ConfigureAwait(false))
        {
            yield return line;
        }
    }

    /// <summary>One stats sample. The daemon takes two readings about a second apart so that CPU % is meaningful.</summary>
    public async Task<ContainerStats> GetStatsAsync(string id, CancellationToken cancellationToken = default)
    {
        var query = new QueryString($"/containers/{Escape(id)}/stats").Add("stream", false);
        var sample = await _transport.GetJsonAsync(query, DockerJsonContext.Default.StatsResponse, cancellationToken).ConfigureAwait(false);
        return StatsCalculator.Calculate(sample);
    }

    /// <summary>A stats sample about every second until the container stops or <paramref name="cancellationToken"/> fires.</summary>
    public async IAsyncEnumerable<ContainerStats> StreamStatsAsync(string id, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var query = new QueryString($"/containers/{Escape(id)}/stats").Add("stream", true);
        using var response = await _transport.SendAsync(HttpMethod.Get, query, null, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var sample in JsonLines.ReadAsync(body, DockerJsonContext.Default.StatsResponse, cancellationToken).ConfigureAwait(false))
        {
            yield return StatsCalculator.Calculate(sample);
        }
    }

    internal static string Escape(string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return Uri.EscapeDataString(id);
    }

    private static long? Seconds(TimeSpan? timeout) => timeout is { } value ? (long)Math.Ceiling(value.TotalSeconds) : null;
}
