using System.Diagnostics;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Vibe.Bench.Workspaces;

/// <summary>
/// The baseline of the workspace start benchmarks: plain <c>docker run --rm vibe/blank echo ready</c> on the same engine,
/// either through the docker CLI or as the Engine API calls the CLI makes (create, start, wait, logs, remove). Each run
/// carries the benchmark's run label, so whatever a failure leaves behind is removed with the run.
/// </summary>
internal sealed class DockerRunBaseline(IDockerClient docker, string runId)
{
    public const string Image = "vibe/blank:latest";

    private static readonly Lazy<string?> s_cli = new(() => FindOnPath("docker"));

    /// <summary>Whether the docker CLI is installed; without it only the API baseline is measured.</summary>
    public static bool HasCli => s_cli.Value is not null;

    /// <summary>Runs <c>docker run --rm vibe/blank echo ready</c> and returns its wall time.</summary>
    public async Task<TimeSpan> RunCliAsync(CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var start = new ProcessStartInfo(s_cli.Value ?? throw new InvalidOperationException("The docker CLI is not installed."))
        {
            ArgumentList = { "run", "--rm", "--label", $"{BenchWorkspaceSilo.RunLabel}={runId}", Image, "echo", "ready" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (process.ExitCode != 0 || await stdout != "ready\n")
        {
            throw new InvalidOperationException($"docker run failed (exit code {process.ExitCode}): {await stderr}");
        }

        return elapsed;
    }

    /// <summary>The same run as Engine API calls: create, start, wait, logs (the output), remove.</summary>
    public async Task<TimeSpan> RunApiAsync(CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        var created = await docker.Containers.CreateContainerAsync(
            new CreateContainerParameters
            {
                Image = Image,
                Cmd = ["echo", "ready"],
                AttachStdout = true,
                AttachStderr = true,
                Labels = new Dictionary<string, string> { [BenchWorkspaceSilo.RunLabel] = runId },
            },
            cancellationToken);
        string? output = null;
        try
        {
            await docker.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), cancellationToken);
            var exitCode = (await docker.Containers.WaitContainerAsync(created.ID, cancellationToken)).StatusCode;
            using (var logs = await docker.Containers.GetContainerLogsAsync(created.ID, new ContainerLogsParameters { ShowStdout = true, ShowStderr = true }, cancellationToken))
            {
                (output, _) = await logs.ReadOutputToEndAsync(cancellationToken);
            }

            if (exitCode != 0 || output != "ready\n")
            {
                throw new InvalidOperationException($"The baseline container exited with {exitCode} and printed '{output}'.");
            }
        }
        finally
        {
            await docker.Containers.RemoveContainerAsync(created.ID, new ContainerRemoveParameters { Force = true }, cancellationToken);
        }

        return Stopwatch.GetElapsedTime(started);
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
}
