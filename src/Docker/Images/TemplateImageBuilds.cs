using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using Vibe.Docker.Errors;
using Vibe.Docker.Runtime;

namespace Vibe.Docker.Images;

/// <summary>
/// Builds missing template images, one build per image at a time on this engine: callers asking for an image that is being
/// built wait for that build and see its progress from where it is. A build is not cancelled when a caller stops waiting
/// (others may wait too, and the image is wanted next time anyway).
/// </summary>
internal sealed partial class TemplateImageBuilds(IDockerClient client, ContainerRuntimeOptions options, ILogger logger)
{
    /// <summary>The parent of the Debian-based templates, made by <c>deploy/images/build.sh base</c> (debootstrap + docker import).</summary>
    public const string DebianBase = "vibe/base:bookworm";

    /// <summary>
    /// Held while the Debian base is made. Templates that need it at the same time take turns, and the next one finds it made:
    /// two runs of the script at once would fight over apt-get's lock and Docker's tag, and the second would fail.
    /// </summary>
    private readonly SemaphoreSlim _debianBase = new(1, 1);

    // The base image takes about as long as the template's own steps; it gets the first part of the bar when it is built too.
    private const int BasePercent = 40;

    private const int KeptLines = 40;

    private readonly Dictionary<string, SharedBuild> _builds = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Builds <paramref name="image"/> of <paramref name="template"/> (or joins the build under way) and waits for it.</summary>
    public async Task EnsureAsync(string template, string image, IProgress<TemplateBuildProgress>? progress, CancellationToken cancellationToken)
    {
        SharedBuild build;
        lock (_lock)
        {
            if (!_builds.TryGetValue(image, out build!))
            {
                build = new SharedBuild();
                _builds.Add(image, build);
                build.Task = RunAsync(template, image, build);
            }

            build.Subscribe(progress);
        }

        try
        {
            await build.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            build.Unsubscribe(progress);
        }
    }

    private async Task RunAsync(string template, string image, SharedBuild build)
    {
        // Off the caller's lock at once; the entry is removed when the build ends, so a failed build is tried again next time.
        await Task.Yield();
        var started = Stopwatch.GetTimestamp();
        var lines = new Queue<string>(KeptLines);

        // A step can be quiet for a minute (the Debian base, a package download): its stage goes out again meanwhile, so a
        // viewer who arrived after it was reported (a dialog opened as the start began) sees it.
        using var repeat = new Timer(static state => ((SharedBuild)state!).Repeat(), build, options.BuildProgressRepeat, options.BuildProgressRepeat);
        try
        {
            LogBuilding(logger, image);
            build.Report(new TemplateBuildProgress("Preparing the build", 0));
            if (template == DockerContainerRuntime.BlankTemplate)
            {
                var tracker = new BuildStepTracker();
                await BlankImage.EnsureAsync(client, new LineProgress(line => Observe(line, tracker, lines, build)), busyboxPath: options.BusyboxPath, logger: logger).ConfigureAwait(false);
            }
            else
            {
                await BuildFromDockerfileAsync(template, image, lines, build).ConfigureAwait(false);
            }

            build.Report(new TemplateBuildProgress("Ready", 100));
            LogBuilt(logger, image, (long)Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
        catch (DockerBuildException ex)
        {
            string[] tail;
            lock (lines)
            {
                tail = [.. lines];
            }

            LogBuildFailed(logger, image, ex.Message, string.Join('\n', tail));
            throw new TemplateImageBuildException(BuildFailure.Describe(ex.Message, tail), ex);
        }
        finally
        {
            lock (_lock)
            {
                _builds.Remove(image);
            }
        }
    }

    private async Task BuildFromDockerfileAsync(string template, string image, Queue<string> lines, SharedBuild build)
    {
        if (!options.TemplateDockerfiles.TryGetValue(template, out var dockerfile))
        {
            throw new ArgumentException($"There is no template '{template}' (known: {string.Join(", ", options.TemplateDockerfiles.Keys.Prepend(DockerContainerRuntime.BlankTemplate))}).", nameof(template));
        }

        var from = 0;
        if (ParentOf(dockerfile) is { } parent && !await ExistsAsync(parent).ConfigureAwait(false))
        {
            if (parent != options.DebianBaseImage)
            {
                throw new TemplateImageBuildException($"The template image could not be built: the image it starts from, {parent}, is missing and cannot be downloaded here. An administrator can build it.");
            }

            if (!_debianBase.Wait(0))
            {
                build.Report(new TemplateBuildProgress("Waiting for the Debian base system another template is preparing", 1));
                await _debianBase.WaitAsync().ConfigureAwait(false);
            }

            try
            {
                if (!await ExistsAsync(parent).ConfigureAwait(false))
                {
                    await BuildDebianBaseAsync(lines, build).ConfigureAwait(false);
                }
            }
            finally
            {
                _debianBase.Release();
            }

            from = BasePercent;
        }

        var tracker = new BuildStepTracker(from, 99);
        using var context = new BuildContext();
        context.AddFile("Dockerfile", Encoding.UTF8.GetBytes(dockerfile));
        await ImageBuild.RunAsync(client, context.ToStream(), image, new LineProgress(line => Observe(line, tracker, lines, build)), logger, CancellationToken.None, options.BuildNetworkMode).ConfigureAwait(false);
    }

    /// <summary>
    /// The Debian base needs debootstrap, as root, on the host: deploy/images/build.sh does it. Its output goes to the log; the
    /// stage says what happens, the bar moves with each phase the script reports.
    /// </summary>
    private async Task BuildDebianBaseAsync(Queue<string> lines, SharedBuild build)
    {
        var stage = "Preparing the Debian base system (once; about a minute)";
        if (options.ImagesScript is not { } script || !File.Exists(script))
        {
            throw new TemplateImageBuildException(
                $"The template image could not be built: its Debian base image {options.DebianBaseImage} is missing and the script that makes it (deploy/images/build.sh) was not found. An administrator can run ./run.sh --prebuild.");
        }

        build.Report(new TemplateBuildProgress(stage, 1));
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add("base");
        start.Environment["VIBE_BASE_IMAGE"] = options.DebianBaseImage;
        using var process = Process.Start(start) ?? throw new TemplateImageBuildException("The template image could not be built: the base image script could not be started.");
        var phases = 0;
        void OnLine(string? line)
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                return;
            }

            Keep(lines, line);
            LogBuildLine(logger, options.DebianBaseImage, line);
            var seen = Interlocked.Increment(ref phases);
            build.Report(new TemplateBuildProgress(stage, Math.Min(BasePercent - 1, 1 + (seen * 3))));
        }

        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await process.WaitForExitAsync().ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            throw new DockerBuildException($"deploy/images/build.sh base exited with code {process.ExitCode}");
        }
    }

    private async Task<bool> ExistsAsync(string image)
    {
        try
        {
            await client.Images.InspectImageAsync(image).ConfigureAwait(false);
            return true;
        }
        catch (DockerImageNotFoundException)
        {
            return false;
        }
    }

    private void Observe(string line, BuildStepTracker tracker, Queue<string> lines, SharedBuild build)
    {
        Keep(lines, line);
        if (tracker.Observe(line) is { } progress)
        {
            build.Report(progress);
        }
    }

    private static void Keep(Queue<string> lines, string line)
    {
        lock (lines)
        {
            if (lines.Count == KeptLines)
            {
                lines.Dequeue();
            }

            lines.Enqueue(line);
        }
    }

    /// <summary>The image the Dockerfile starts from (its first FROM), or null for <c>scratch</c>.</summary>
    internal static string? ParentOf(string dockerfile)
    {
        var from = FromLine().Match(dockerfile);
        return from.Success && from.Groups["image"].Value != "scratch" ? from.Groups["image"].Value : null;
    }

    [GeneratedRegex(@"^\s*FROM\s+(?:--\S+\s+)*(?<image>\S+)", RegexOptions.Multiline | RegexOptions.IgnoreCase)]
    private static partial Regex FromLine();

    [LoggerMessage(Level = LogLevel.Information, Message = "Template image {Image} is missing: building it")]
    private static partial void LogBuilding(ILogger logger, string image);

    [LoggerMessage(Level = LogLevel.Information, Message = "Template image {Image} built in {ElapsedSeconds} s")]
    private static partial void LogBuilt(ILogger logger, string image, long elapsedSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Building {Image}: {Line}")]
    private static partial void LogBuildLine(ILogger logger, string image, string line);

    [LoggerMessage(Level = LogLevel.Error, Message = "The build of template image {Image} failed: {Error}; its last lines:\n{LastLines}")]
    private static partial void LogBuildFailed(ILogger logger, string image, string error, string lastLines);

    /// <summary>
    /// One build and the callers waiting on it: each progress report goes to all of them, and a late caller gets the latest
    /// first. Reports go out under the lock (the watchers only queue them), so no one gets an older one after a newer.
    /// </summary>
    private sealed class SharedBuild
    {
        private readonly List<IProgress<TemplateBuildProgress>> _watchers = [];
        private TemplateBuildProgress? _latest;

        public Task Task { get; set; } = Task.CompletedTask;

        public void Subscribe(IProgress<TemplateBuildProgress>? watcher)
        {
            if (watcher is null)
            {
                return;
            }

            lock (_watchers)
            {
                _watchers.Add(watcher);
                if (_latest is { } latest)
                {
                    watcher.Report(latest);
                }
            }
        }

        public void Unsubscribe(IProgress<TemplateBuildProgress>? watcher)
        {
            if (watcher is not null)
            {
                lock (_watchers)
                {
                    _watchers.Remove(watcher);
                }
            }
        }

        /// <summary>Sends the latest report again to everyone waiting (nothing before the first report).</summary>
        public void Repeat()
        {
            lock (_watchers)
            {
                if (_latest is { } latest)
                {
                    Send(latest);
                }
            }
        }

        public void Report(TemplateBuildProgress progress)
        {
            lock (_watchers)
            {
                _latest = progress;
                Send(progress);
            }
        }

        private void Send(TemplateBuildProgress progress)
        {
            foreach (var watcher in _watchers)
            {
                watcher.Report(progress);
            }
        }
    }

    /// <summary>Hands each build line on as it comes (Progress&lt;T&gt; would post them to the thread pool, out of order).</summary>
    private sealed class LineProgress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
