using System.Collections.Concurrent;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Vibe.Docker.Errors;
using Vibe.Docker.Images;
using Vibe.Docker.Runtime;
using Vibe.Docker.Tests.Fixtures;

namespace Vibe.Docker.Tests.Images;

/// <summary>
/// Template images built on first use, with a tiny template of the test's own (FROM the local vibe/blank, a few busybox steps):
/// one build for concurrent callers, progress in steps and percent, and a failure in words a user can act on.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class TemplateImageBuildTests(DockerFixture docker) : IAsyncLifetime
{
    private readonly string _template = $"test-tiny-{docker.RunId}-{Guid.NewGuid().ToString("N")[..6]}";
    private readonly RecordingLogger _log = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        try
        {
            await docker.Client.Images.DeleteImageAsync(DockerContainerRuntime.ImageOf(_template), new ImageDeleteParameters { Force = true });
        }
        catch (DockerImageNotFoundException)
        {
            // The failing build made none.
        }
    }

    [Fact]
    public async Task A_missing_template_image_is_built_once_for_concurrent_callers_who_both_see_its_steps()
    {
        using var timeout = TestTimeout.Start(120);
        var runtime = Runtime($"FROM {BlankImage.Tag}\nRUN echo {_template} > /built-by-test\nRUN sleep 1\nLABEL io.vibe.tests.run={docker.RunId}\n");
        Assert.False(await runtime.HasImageAsync(_template, timeout.Token));
        var first = new ProgressLog();
        var second = new ProgressLog();

        var images = await Task.WhenAll(
            runtime.EnsureImageAsync(_template, first, timeout.Token),
            runtime.EnsureImageAsync(_template, second, timeout.Token));

        Assert.All(images, image => Assert.Equal($"vibe/{_template}:latest", image));
        Assert.True(await runtime.HasImageAsync(_template, timeout.Token));
        Assert.Single(_log.Lines, line => line.StartsWith($"Template image vibe/{_template}:latest is missing", StringComparison.Ordinal));
        foreach (var progress in new[] { first, second })
        {
            Assert.Contains(progress.Reports, p => p.Stage.StartsWith("Step 2 of 4: RUN echo", StringComparison.Ordinal) && p.Percent is > 0 and < 100);
            Assert.Equal(new TemplateBuildProgress("Ready", 100), progress.Reports.Last());
        }

        var percents = first.Reports.Select(p => p.Percent).ToList();
        Assert.Equal(percents.Order(), percents);
        var inspected = await docker.Client.Images.InspectImageAsync(DockerContainerRuntime.ImageOf(_template), timeout.Token);
        Assert.Equal(docker.RunId, inspected.Config?.Labels?["io.vibe.tests.run"]);
    }

    [Fact]
    public async Task A_build_that_cannot_download_a_package_says_so_and_logs_the_details()
    {
        using var timeout = TestTimeout.Start(120);
        var runtime = Runtime($"FROM {BlankImage.Tag}\nRUN echo \"Err:1 http://deb.example/debian bookworm InRelease\" && echo \"  Temporary failure resolving 'deb.example'\" && exit 100\n");

        var error = await Assert.ThrowsAsync<TemplateImageBuildException>(() => runtime.EnsureImageAsync(_template, cancellationToken: timeout.Token));

        Assert.StartsWith("The template image could not be built: a package could not be downloaded", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("deb.example", error.Message, StringComparison.Ordinal);
        Assert.Contains(_log.Lines, line => line.Contains($"The build of template image vibe/{_template}:latest failed", StringComparison.Ordinal)
            && line.Contains("Temporary failure resolving 'deb.example'", StringComparison.Ordinal));
        Assert.False(await runtime.HasImageAsync(_template, timeout.Token));
    }

    [Fact]
    public async Task A_quiet_step_is_reported_again_while_it_runs_so_a_late_viewer_sees_it()
    {
        using var timeout = TestTimeout.Start(120);
        var runtime = Runtime($"FROM {BlankImage.Tag}\nRUN sleep 3\nLABEL io.vibe.tests.run={docker.RunId}\n", progressRepeat: TimeSpan.FromMilliseconds(500));
        var progress = new ProgressLog();

        await runtime.EnsureImageAsync(_template, progress, timeout.Token);

        Assert.True(progress.Reports.Count(p => p.Stage.StartsWith("Step 2 of 3: RUN sleep 3", StringComparison.Ordinal)) >= 3, string.Join("\n", progress.Reports));
        var percents = progress.Reports.Select(p => p.Percent).ToList();
        Assert.Equal(percents.Order(), percents);
        Assert.Equal(new TemplateBuildProgress("Ready", 100), progress.Reports.Last());
    }

    [Fact]
    public async Task Two_templates_that_need_the_missing_debian_base_at_once_run_its_script_one_after_the_other()
    {
        using var timeout = TestTimeout.Start(120);
        var directory = Directory.CreateTempSubdirectory("vibe-base-test-");
        try
        {
            // A stand-in for deploy/images/build.sh base: notes each run (and any run that overlaps another), takes a
            // second, and fails, so it makes no image and the second template tries again after the first.
            var script = Path.Combine(directory.FullName, "build.sh");
            await File.WriteAllTextAsync(script, """
                here="$(dirname "$0")"
                [ "$1" = base ] || exit 2
                echo "$VIBE_BASE_IMAGE" >> "$here/runs"
                mkdir "$here/running" 2>/dev/null || echo overlap >> "$here/runs"
                sleep 1
                rmdir "$here/running"
                echo "E: debootstrap failed" >&2
                exit 1
                """, timeout.Token);
            var baseImage = $"vibe-test/base-{docker.RunId}:missing".ToLowerInvariant();
            var options = new ContainerRuntimeOptions { ServiceId = $"vibe-test-{docker.RunId}", ImagesScript = script, DebianBaseImage = baseImage };
            options.TemplateDockerfiles[_template] = $"FROM {baseImage}\nRUN true\n";
            options.TemplateDockerfiles[_template + "-2"] = $"FROM {baseImage}\nRUN true\n";
            var runtime = new DockerContainerRuntime(docker.Client, options, _log);
            var first = new ProgressLog();
            var second = new ProgressLog();

            var builds = new[] { runtime.EnsureImageAsync(_template, first, timeout.Token), runtime.EnsureImageAsync(_template + "-2", second, timeout.Token) };

            foreach (var build in builds)
            {
                await Assert.ThrowsAsync<TemplateImageBuildException>(() => build);
            }

            Assert.Equal([baseImage, baseImage], await File.ReadAllLinesAsync(Path.Combine(directory.FullName, "runs"), timeout.Token));
            Assert.Single(new[] { first, second }, progress => progress.Reports.Any(p => p.Stage == "Waiting for the Debian base system another template is preparing"));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private DockerContainerRuntime Runtime(string dockerfile, TimeSpan? progressRepeat = null)
    {
        var options = new ContainerRuntimeOptions { ServiceId = $"vibe-test-{docker.RunId}" };
        options.BuildProgressRepeat = progressRepeat ?? options.BuildProgressRepeat;
        options.ExtraLabels[DockerFixture.RunLabel] = docker.RunId;
        options.TemplateDockerfiles[_template] = dockerfile;
        return new DockerContainerRuntime(docker.Client, options, _log);
    }

    /// <summary>Collects progress synchronously (Progress&lt;T&gt; would post to the thread pool and race the assertions).</summary>
    private sealed class ProgressLog : IProgress<TemplateBuildProgress>
    {
        private readonly ConcurrentQueue<TemplateBuildProgress> _reports = new();

        public IReadOnlyList<TemplateBuildProgress> Reports => [.. _reports];

        public void Report(TemplateBuildProgress value) => _reports.Enqueue(value);
    }

    private sealed class RecordingLogger : ILogger<DockerContainerRuntime>
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public IReadOnlyList<string> Lines => [.. _lines];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _lines.Enqueue(formatter(state, exception));
    }
}
