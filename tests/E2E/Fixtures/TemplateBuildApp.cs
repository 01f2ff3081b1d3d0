using Docker.DotNet;
using Docker.DotNet.Models;
using Vibe.Docker;

namespace Vibe.E2E.Tests.Fixtures;

/// <summary>
/// A Vibe with two tiny templates of the test's own (Vibe:Templates), never built: FROM the local vibe/blank, with a few slow
/// steps, so the create dialog has a build to show. Disposing it removes their images.
/// </summary>
public sealed class TemplateBuildApp : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("vibe-e2e-templates-").FullName;

    public VibeApp App { get; } = new();

    /// <summary>The ids of the templates (lower-case, unique to this run); each is built by the first start that needs it.</summary>
    public IReadOnlyList<string> Templates { get; } =
        [.. Enumerable.Range(1, 2).Select(n => $"e2e-tiny-{n}-{Guid.NewGuid().ToString("N")[..8]}")];

    public async Task InitializeAsync()
    {
        foreach (var template in Templates)
        {
            var dockerfile = Path.Combine(_directory, template + ".Dockerfile");
            // Each RUN takes a moment, so the dialog shows the build moving (the assertions wait for states, not for time).
            await File.WriteAllTextAsync(dockerfile, $"FROM vibe/blank:latest\nRUN echo {template} > /template-name && sleep 3\nRUN sleep 3\nRUN sleep 3\nLABEL io.vibe.tests.e2e={template}\n");
            App.ExtraSettings[$"Vibe:Templates:{template}:Name"] = "Tiny test";
            App.ExtraSettings[$"Vibe:Templates:{template}:Description"] = "busybox, built for this test.";
            App.ExtraSettings[$"Vibe:Templates:{template}:Starter"] = "Starts empty; run sh.";
            App.ExtraSettings[$"Vibe:Templates:{template}:DockerfilePath"] = dockerfile;
        }

        await App.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        using var docker = DockerEngine.Connect();
        foreach (var template in Templates)
        {
            try
            {
                await docker.Images.DeleteImageAsync($"vibe/{template}:latest", new ImageDeleteParameters { Force = true });
            }
            catch (DockerImageNotFoundException)
            {
                // The test failed before building it.
            }
        }

        Directory.Delete(_directory, recursive: true);
    }
}
