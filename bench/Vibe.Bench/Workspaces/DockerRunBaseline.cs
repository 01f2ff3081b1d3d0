using System.Diagnostics;
using Vibe.Docker;
using Vibe.Docker.Containers;
using Vibe.Docker.Logs;

namespace Vibe.Bench.Workspaces;

/// <summary>
/// The baseline of the workspace start benchmarks: plain <c>docker run --rm vibe/blank echo ready</c> on the same engine,
/// either through the docker CLI or as the Engine API calls the CLI makes (create, start, wait, logs, remove). Each run
/// carries the benchmark's run label, so whatever a failure leaves behind is removed with the run.
/// </summary>
internal sealed class DockerRunBaseline(DockerClient docker, string runId)
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
        var created = await docker.Containers.CreateAsync(
            new ContainerCreateParameters
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
            await docker.Containers.StartAsync(created.Id, cancellationToken);
            var exitCode = await docker.Containers.WaitAsync(created.Id, cancellationToken);
            await foreach (var line in docker.Containers.GetLogsAsync(created.Id, new LogsParameters { Tty = false }, cancellationToken))
            {
                output = line.Text;
            }

            if (exitCode != 0 || output != "ready")
            {
                throw new InvalidOperationException($"The baseline container exited with {exitCode} and printed '{output}'.");
            }
        }
        finally
        {
            await docker.Containers.RemoveAsync(created.Id, force: true, cancellationToken: cancellationToken);
        }

        return Stopwatch.GetElapsedTime(started);
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(File.Exists);
}
