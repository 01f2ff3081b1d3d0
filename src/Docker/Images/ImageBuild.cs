using System.Diagnostics;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Vibe.Docker.Errors;

namespace Vibe.Docker.Images;

/// <summary>An image build from a tar context with the classic builder, its output as progress lines.</summary>
internal static class ImageBuild
{
    private const string SuccessfullyBuilt = "Successfully built ";

    /// <summary>
    /// Builds <paramref name="context"/> as <paramref name="tag"/>, reporting each line of the build (<c>Step 1/4 : FROM scratch</c>...)
    /// to <paramref name="progress"/>, and returns the image ID. A failed step throws <see cref="DockerBuildException"/> with the
    /// daemon's message (it reports failures inside its 200 OK answer). Engine errors are left to the caller to translate.
    /// The RUN steps use <paramref name="networkMode"/> (the default bridge when null); failed steps leave no container behind.
    /// </summary>
    public static async Task<string> RunAsync(IDockerClient client, Stream context, string tag, IProgress<string>? progress, ILogger? logger, CancellationToken cancellationToken, string? networkMode = null)
    {
        var started = Stopwatch.GetTimestamp();
        var build = new BuildProgress(progress);
        var parameters = new ImageBuildParameters { Tags = [tag], Remove = true, ForceRemove = true, NetworkMode = networkMode };
        await client.Images.BuildImageFromDockerfileAsync(parameters, context, null, null, build, cancellationToken).ConfigureAwait(false);
        if (build.Error is { } error)
        {
            logger?.LogWarning("Build of {Image} failed: {Error}", tag, error);
            throw new DockerBuildException(error);
        }

        var imageId = build.ImageId ?? throw new DockerBuildException("The build stream ended without an image ID (did the daemon stop?).");
        logger?.LogInformation("Built {Image} ({ImageId}) in {ElapsedMs} ms", tag, imageId, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return imageId;
    }

    /// <summary>
    /// Reads the build's messages as they arrive: each line of text goes to the caller's progress, the image ID and the first
    /// error (the daemon reports a failed step inside its 200 OK answer) are kept for the end.
    /// </summary>
    private sealed class BuildProgress(IProgress<string>? progress) : IProgress<JSONMessage>
    {
        public string? ImageId { get; private set; }

        public string? Error { get; private set; }

        public void Report(JSONMessage value)
        {
            if (value.Error?.Message is { Length: > 0 } error)
            {
                Error ??= error.Trim();
                return;
            }

            if (value.Aux?.ExtensionData is { } aux && aux.TryGetValue("ID", out var id) && id?.ToString() is { Length: > 0 } imageId)
            {
                ImageId = imageId;
            }

            var text = value.Stream ?? value.Status;
            if (text is null)
            {
                return;
            }

            foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (line.StartsWith(SuccessfullyBuilt, StringComparison.Ordinal))
                {
                    ImageId ??= line[SuccessfullyBuilt.Length..];
                }

                progress?.Report(line);
            }
        }
    }
}
