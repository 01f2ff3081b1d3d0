using Docker.DotNet;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Vibe.Docker;
using Vibe.Docker.Runtime;

namespace Vibe.Grains.Tests;

[Collection(WorkspaceCollection.Name)]
public sealed class WorkspaceSiloStartupTests
{
    [Fact]
    public async Task The_silo_ensures_the_blank_image_before_it_serves_and_logs_the_build_progress()
    {
        var logs = new LogCapture();
        ImageRecordingRuntime? runtime = null;
        await using var silo = await WorkspaceSilo.StartAsync(configureServices: services =>
        {
            services.AddSingleton<ILoggerProvider>(logs);
            services.Configure<LoggerFilterOptions>(o => o.Rules.Add(new LoggerFilterRule(typeof(LogCapture).FullName, null, LogLevel.Information, null)));
            services.AddSingleton<IContainerRuntime>(sp => runtime = new ImageRecordingRuntime(new DockerContainerRuntime(
                sp.GetRequiredService<IDockerClient>(), sp.GetRequiredService<IOptions<ContainerRuntimeOptions>>().Value)));
        });

        Assert.Equal([DockerContainerRuntime.BlankTemplate], runtime!.EnsuredTemplates);
        Assert.Contains(logs.Lines, l => l.EndsWith($"Building the blank workspace image: {ImageRecordingRuntime.Progress.Stage} ({ImageRecordingRuntime.Progress.Percent} %)", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Contains($"Workspace image {DockerContainerRuntime.ImageOf("blank")} ready", StringComparison.Ordinal));
        Assert.NotNull(await silo.Docker.Images.InspectImageAsync(DockerContainerRuntime.ImageOf("blank")));
    }

    [Fact]
    public async Task Without_a_docker_engine_the_silo_still_starts_and_says_in_one_line_how_to_fix_it()
    {
        var logs = new LogCapture();
        var socket = Path.Combine(Path.GetTempPath(), $"vibe-no-such-docker-{Guid.NewGuid():N}.sock");
        await using var silo = await WorkspaceSilo.StartAsync(configureServices: services =>
        {
            services.AddSingleton<ILoggerProvider>(logs);
            services.AddSingleton(DockerEngine.Connect("unix://" + socket));
        });

        var problem = Assert.Single(logs.Lines, l => l.Contains("Workspaces are unavailable", StringComparison.Ordinal));
        Assert.Equal(
            $"Error {typeof(WorkspaceImageBuilder).FullName}: Workspaces are unavailable: Docker daemon not reachable at unix://{socket} (the socket does not exist): start it with `dockerd` (or `sudo systemctl start docker`) or set DOCKER_HOST.",
            problem);
    }

    [Fact]
    public async Task Options_that_cannot_work_stop_the_silo_from_starting()
    {
        var invalid = await Assert.ThrowsAsync<OptionsValidationException>(() => WorkspaceSilo.StartAsync(o => o.IdleCheckPeriod = TimeSpan.FromMilliseconds(10)));
        Assert.Contains("IdleCheckPeriod is a reminder period", invalid.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("blank", -1)]
    [InlineData("blank", 101)]
    [InlineData("Not A Template", 1)]
    public async Task A_warm_pool_with_a_bad_template_or_size_stops_the_silo_from_starting(string template, int size)
    {
        var invalid = await Assert.ThrowsAsync<OptionsValidationException>(() => WorkspaceSilo.StartAsync(o => o.WarmPool[template] = size));
        Assert.Contains("WorkspaceOptions.WarmPool maps template names", invalid.Message, StringComparison.Ordinal);
    }
}
