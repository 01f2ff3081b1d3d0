using System.Collections.Concurrent;
using Vibe.Docker.Images;
using Vibe.Docker.Runtime;

namespace Vibe.Grains.Tests.Fixtures;

/// <summary>The real runtime, recording which templates were ensured and reporting one extra progress line for each.</summary>
public sealed class ImageRecordingRuntime(IContainerRuntime inner) : DelegatingContainerRuntime(inner)
{
    public static readonly TemplateBuildProgress Progress = new("Step 1 of 4: FROM scratch", 0);

    private readonly ConcurrentQueue<string> _templates = new();

    public IReadOnlyList<string> EnsuredTemplates => [.. _templates];

    public override Task<string> EnsureImageAsync(string template, IProgress<TemplateBuildProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        _templates.Enqueue(template);
        progress?.Report(Progress);
        return base.EnsureImageAsync(template, progress, cancellationToken);
    }
}
