using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Vibe.Docker.Errors;
using Vibe.Docker.Serialization;
using Vibe.Docker.Transport;

namespace Vibe.Docker.Images;

/// <summary>Local images: list, inspect, build, tag, remove (<c>/images/...</c>, <c>/build</c>). Nothing is ever pulled.</summary>
public sealed class ImageOperations
{
    private const string SuccessfullyBuilt = "Successfully built ";

    private readonly DockerTransport _transport;

    internal ImageOperations(DockerTransport transport)
    {
        _transport = transport;
    }

    public async Task<IReadOnlyList<ImageSummary>> ListAsync(DockerFilters? filters = null, CancellationToken cancellationToken = default)
    {
        var query = new QueryString("/images/json").Add("filters", filters?.ToJson());
        return await _transport.GetJsonAsync(query, DockerJsonContext.Default.ListImageSummary, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Inspects an image by name (<c>vibe/blank:latest</c>) or ID; throws <see cref="DockerNotFoundException"/> when absent.</summary>
    public Task<ImageInspectResponse> InspectAsync(string name, CancellationToken cancellationToken = default) =>
        _transport.GetJsonAsync(new QueryString($"/images/{Escape(name)}/json"), DockerJsonContext.Default.ImageInspectResponse, cancellationToken);

    /// <summary>Like <see cref="InspectAsync"/>, but null when there is no such image.</summary>
    public async Task<ImageInspectResponse?> TryInspectAsync(string name, CancellationToken cancellationToken = default)
    {
        try
        {
            return await InspectAsync(name, cancellationToken).ConfigureAwait(false);
        }
        catch (DockerNotFoundException)
        {
            return null;
        }
    }

    /// <summary>
    /// Builds an image from a tar context (see <see cref="BuildContext"/>) with the classic builder. Each progress line
    /// (<c>Step 1/4 : FROM scratch</c>...) goes to <paramref name="progress"/>; an error line fails the build with
    /// <see cref="DockerBuildException"/> carrying the daemon's message. Returns the image ID. The context stream is read to its end and disposed.
    /// </summary>
    public async Task<string> BuildAsync(Stream context, ImageBuildParameters parameters, IProgress<string>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(parameters);
        var query = new QueryString("/build")
            .Add("dockerfile", parameters.Dockerfile)
            .Add("rm", parameters.RemoveIntermediateContainers)
            .Add("forcerm", parameters.RemoveIntermediateContainers)
            .AddIfTrue("nocache", parameters.NoCache)
            .Add("pull", parameters.Pull ? "1" : null)
            .Add("labels", ToJson(parameters.Labels))
            .Add("buildargs", ToJson(parameters.BuildArgs));
        foreach (var tag in parameters.Tags)
        {
            query.Add("t", tag);
        }

        var started = Stopwatch.GetTimestamp();
        using var content = new StreamContent(context);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-tar");
        using var response = await _transport.SendAsync(HttpMethod.Post, query, content, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);

        string? imageId = null;
        await foreach (var message in JsonLines.ReadAsync(body, DockerJsonContext.Default.BuildMessage, cancellationToken).ConfigureAwait(false))
        {
            if (message.Error is not null || message.ErrorDetail?.Message is not null)
            {
                var error = message.ErrorDetail?.Message ?? message.Error!;
                _transport.Logger.LogWarning("Build of {Tags} failed: {Error}", parameters.Tags, error);
                throw new DockerBuildException(error.Trim());
            }

            if (message.Aux?.ID is { } id)
            {
                imageId = id;
            }

            var text = message.Stream ?? (message.Status is null ? null : message.Progress is null ? message.Status : message.Status + " " + message.Progress);
            if (text is null)
            {
                continue;
            }

            foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (line.StartsWith(SuccessfullyBuilt, StringComparison.Ordinal))
                {
                    imageId ??= line[SuccessfullyBuilt.Length..];
                }

                progress?.Report(line);
            }
        }

        if (imageId is null)
        {
            throw new DockerBuildException("The build stream ended without an image ID (did the daemon stop?).");
        }

        _transport.Logger.LogInformation("Built {ImageId} as {Tags} in {ElapsedMs} ms", imageId, parameters.Tags, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return imageId;
    }

    /// <summary>Adds the name <paramref name="repository"/>:<paramref name="tag"/> to an image.</summary>
    public async Task TagAsync(string name, string repository, string tag = "latest", CancellationToken cancellationToken = default)
    {
        var query = new QueryString($"/images/{Escape(name)}/tag").Add("repo", repository).Add("tag", tag);
        await _transport.SendNoContentAsync(HttpMethod.Post, query, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Removes an image name (and the image when no name is left). <paramref name="force"/> removes it even if containers use it.</summary>
    public async Task<IReadOnlyList<ImageDeleteResponseItem>> RemoveAsync(string name, bool force = false, bool noPrune = false, CancellationToken cancellationToken = default)
    {
        var query = new QueryString($"/images/{Escape(name)}").AddIfTrue("force", force).AddIfTrue("noprune", noPrune);
        return await _transport.SendForJsonAsync(HttpMethod.Delete, query, null, DockerJsonContext.Default.ListImageDeleteResponseItem, cancellationToken).ConfigureAwait(false);
    }

    private static string? ToJson(IDictionary<string, string>? values) =>
        values is null || values.Count == 0 ? null : JsonSerializer.Serialize(new Dictionary<string, string>(values), DockerJsonContext.Default.DictionaryStringString);

    // Image names keep their '/' and ':' in the path (the daemon routes /images/{name:.*}/json).
    private static string Escape(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return Uri.EscapeDataString(name).Replace("%2F", "/", StringComparison.Ordinal).Replace("%3A", ":", StringComparison.Ordinal);
    }
}
