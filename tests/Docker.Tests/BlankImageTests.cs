using System.Collections.Concurrent;
using Vibe.Docker.Errors;
using Vibe.Docker.Images;
using Vibe.Docker.Runtime;
using Vibe.Docker.Tests.Fixtures;

namespace Vibe.Docker.Tests;

[Collection(DockerCollection.Name)]
public sealed class BlankImageTests(DockerFixture docker)
{
    [Fact]
    public async Task The_blank_image_builds_from_an_in_memory_context_reporting_each_step()
    {
        using var timeout = TestTimeout.Start(120);
        var progress = new ProgressLog();

        var imageId = await BlankImage.EnsureAsync(docker.Client, progress, force: true, cancellationToken: timeout.Token);

        Assert.StartsWith("sha256:", imageId, StringComparison.Ordinal);
        Assert.Contains(progress.Lines, line => line.StartsWith("Step 1/", StringComparison.Ordinal) && line.EndsWith("FROM scratch", StringComparison.Ordinal));
        Assert.Contains(progress.Lines, line => line.Contains("Successfully tagged vibe/blank:latest", StringComparison.Ordinal));
        var image = await docker.Client.Images.InspectImageAsync(BlankImage.Tag, timeout.Token);
        Assert.Equal(imageId, image.ID);
        Assert.Equal("/workspace", image.Config?.WorkingDir);
        Assert.Equal("blank", image.Config?.Labels?["io.vibe.template"]);
    }

    [Fact]
    public async Task An_existing_image_is_not_built_again()
    {
        using var timeout = TestTimeout.Start();
        var existing = await docker.Client.Images.InspectImageAsync(BlankImage.Tag, timeout.Token);
        var progress = new ProgressLog();

        Assert.Equal(DockerContainerRuntime.ImageOf("blank"), await docker.Runtime.EnsureImageAsync(DockerContainerRuntime.BlankTemplate, cancellationToken: timeout.Token));
        Assert.Equal(existing.ID, await BlankImage.EnsureAsync(docker.Client, progress, cancellationToken: timeout.Token));

        Assert.DoesNotContain(progress.Lines, line => line.StartsWith("Step ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failing_build_throws_with_the_daemons_message()
    {
        using var timeout = TestTimeout.Start();
        using var context = new BuildContext().AddFile("Dockerfile", "FROM scratch\nCOPY missing-file /\n"u8);
        var progress = new ProgressLog();

        var error = await Assert.ThrowsAsync<DockerBuildException>(() =>
            ImageBuild.RunAsync(docker.Client, context.ToStream(), $"vibe/test-broken:{docker.RunId}", progress, null, timeout.Token));

        Assert.Contains("COPY failed", error.Message, StringComparison.Ordinal);
        Assert.Contains("missing-file", error.Message, StringComparison.Ordinal);
        Assert.Contains(progress.Lines, line => line.EndsWith("COPY missing-file /", StringComparison.Ordinal));
    }

    /// <summary>Collects progress synchronously (Progress&lt;T&gt; would post to the thread pool and race the assertions).</summary>
    private sealed class ProgressLog : IProgress<string>
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public void Report(string value) => Lines.Enqueue(value);
    }
}
