using System.Diagnostics;
using Vibe.Docker.Images;
using Vibe.Docker.Tests.Fixtures;

namespace Vibe.Docker.Tests;

[Collection(DockerCollection.Name)]
public sealed class BuildScriptTests(DockerFixture docker)
{
    private static string Script()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "deploy", "images", "build.sh");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new FileNotFoundException("deploy/images/build.sh not found above " + AppContext.BaseDirectory);
    }

    private static async Task<(int ExitCode, string Output)> RunScriptAsync(CancellationToken cancellationToken, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Script());
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await stdout + await stderr);
    }

    [Fact]
    public async Task The_script_skips_an_existing_image_and_rebuilds_it_with_force()
    {
        using var timeout = TestTimeout.Start(120);

        var skipped = await RunScriptAsync(timeout.Token, "blank");
        Assert.Equal(0, skipped.ExitCode);
        Assert.Contains("vibe/blank:latest exists", skipped.Output, StringComparison.Ordinal);

        var rebuilt = await RunScriptAsync(timeout.Token, "--force", "blank");
        Assert.True(rebuilt.ExitCode == 0, rebuilt.Output);
        Assert.Contains("built vibe/blank:latest", rebuilt.Output, StringComparison.Ordinal);

        var image = await docker.Client.Images.InspectImageAsync(BlankImage.Tag, timeout.Token);
        Assert.Equal("/workspace", image.Config?.WorkingDir);
    }
}
