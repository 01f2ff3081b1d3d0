using System.Collections.Concurrent;
using System.Text;
using Vibe.Docker.Errors;
using Vibe.Docker.Images;
using Vibe.Docker.Tests.Fixtures;

namespace Vibe.Docker.Tests;

[Collection(DockerCollection.Name)]
public sealed class ImageTests(DockerFixture docker)
{
    /// <summary>Collects progress synchronously (Progress&lt;T&gt; would post to the thread pool and race the assertions).</summary>
    private sealed class ProgressLog : IProgress<string>
    {
        public ConcurrentQueue<string> Lines { get; } = new();

        public void Report(string value) => Lines.Enqueue(value);
    }

    [Fact]
    public async Task The_blank_image_builds_from_an_in_memory_context_reporting_each_step()
    {
        using var timeout = TestTimeout.Start(120);
        var progress = new ProgressLog();

        var imageId = await BlankImage.EnsureAsync(docker.Client, progress, force: true, cancellationToken: timeout.Token);

        Assert.StartsWith("sha256:", imageId, StringComparison.Ordinal);
        Assert.Contains(progress.Lines, line => line.StartsWith("Step 1/", StringComparison.Ordinal) && line.EndsWith("FROM scratch", StringComparison.Ordinal));
        Assert.Contains(progress.Lines, line => line.Contains("Successfully tagged vibe/blank:latest", StringComparison.Ordinal));
        var image = await docker.Client.Images.InspectAsync(BlankImage.Tag, timeout.Token);
        Assert.Equal(imageId, image.Id);
        Assert.Equal("/workspace", image.Config?.WorkingDir);
        Assert.Equal("blank", image.Config?.Labels?["io.vibe.template"]);
    }

    [Fact]
    public async Task Ensure_skips_the_build_when_the_image_exists()
    {
        using var timeout = TestTimeout.Start();
        var existing = await docker.Client.Images.InspectAsync(BlankImage.Tag, timeout.Token);
        var progress = new ProgressLog();

        var imageId = await BlankImage.EnsureAsync(docker.Client, progress, cancellationToken: timeout.Token);

        Assert.Equal(existing.Id, imageId);
        Assert.DoesNotContain(progress.Lines, line => line.StartsWith("Step ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_failing_build_throws_with_the_daemons_error_message()
    {
        using var timeout = TestTimeout.Start();
        using var context = new BuildContext().AddFile("Dockerfile", "FROM scratch\nCOPY missing-file /\n"u8);

        var error = await Assert.ThrowsAsync<DockerBuildException>(() =>
            docker.Client.Images.BuildAsync(context.ToStream(), new ImageBuildParameters { Tags = [$"vibe/test-broken:{docker.RunId}"] }, null, timeout.Token));

        Assert.Contains("missing-file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_directory_context_builds_and_the_image_can_be_tagged_listed_and_removed()
    {
        using var timeout = TestTimeout.Start();
        var directory = Directory.CreateTempSubdirectory("vibe-build-");
        try
        {
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "Dockerfile"), $"FROM {BlankImage.Tag}\nCOPY hello.txt /hello.txt\nLABEL {DockerFixture.RunLabel}={docker.RunId}\n", Encoding.ASCII, timeout.Token);
            await File.WriteAllTextAsync(Path.Combine(directory.FullName, "hello.txt"), "hello\n", Encoding.ASCII, timeout.Token);
            var tag = $"vibe/test-dir:{docker.RunId}";
            var retag = $"vibe/test-retag:{docker.RunId}";

            var imageId = await docker.Client.Images.BuildAsync(await BuildContext.FromDirectoryAsync(directory.FullName, timeout.Token), new ImageBuildParameters { Tags = [tag] }, null, timeout.Token);
            await docker.Client.Images.TagAsync(tag, $"vibe/test-retag", docker.RunId, timeout.Token);

            var listed = await docker.Client.Images.ListAsync(DockerFilters.ByLabel(DockerFixture.RunLabel, docker.RunId), timeout.Token);
            var summary = Assert.Single(listed);
            Assert.Equal(imageId, summary.Id);
            Assert.Contains(tag, summary.RepoTags!);
            Assert.Contains(retag, summary.RepoTags!);

            await docker.Client.Images.RemoveAsync(retag, cancellationToken: timeout.Token);
            var removed = await docker.Client.Images.RemoveAsync(tag, cancellationToken: timeout.Token);
            Assert.Contains(removed, item => item.Deleted == imageId);
            await Assert.ThrowsAsync<DockerNotFoundException>(() => docker.Client.Images.InspectAsync(tag, timeout.Token));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Inspecting_a_missing_image_throws_DockerNotFound_and_TryInspect_returns_null()
    {
        using var timeout = TestTimeout.Start();

        var error = await Assert.ThrowsAsync<DockerNotFoundException>(() => docker.Client.Images.InspectAsync("vibe/does-not-exist:nope", timeout.Token));

        Assert.Contains("vibe/does-not-exist", error.Message, StringComparison.Ordinal);
        Assert.Null(await docker.Client.Images.TryInspectAsync("vibe/does-not-exist:nope", timeout.Token));
    }
}
