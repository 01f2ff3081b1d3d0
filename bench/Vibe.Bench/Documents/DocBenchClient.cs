using System.Diagnostics;
using System.Text.Json;
using Vibe.TestSupport;

namespace Vibe.Bench.Documents;

/// <summary>
/// Runs the Node side of the document benchmarks (doc-bench-client.mjs: real <c>@microsoft/signalr</c> clients, and plain
/// <c>ws</c> clients for the raw WebSocket baseline) once with a JSON configuration and returns the JSON it prints. Its
/// packages are the hub tests' pinned install (tests/TestSupport/Hubs/hub-client), made by <see cref="HubClientProcess"/>.
/// </summary>
internal static class DocBenchClient
{
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(3);

    public static async Task<JsonElement> RunAsync(string repositoryRoot, object configuration, CancellationToken cancellationToken)
    {
        var hubClient = Path.Combine(repositoryRoot, "tests", "TestSupport", "Hubs", "hub-client");
        var script = Path.Combine(repositoryRoot, "bench", "Vibe.Bench", "Documents", "doc-bench-client.mjs");
        await EnsureInstalledAsync(repositoryRoot);

        var settings = JsonSerializer.SerializeToNode(configuration)!.AsObject();
        settings["modules"] = Path.Combine(hubClient, "package.json");
        using var node = Process.Start(new ProcessStartInfo("node")
        {
            ArgumentList = { script, settings.ToJsonString() },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("Could not start node.");
        var output = node.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = node.StandardError.ReadToEndAsync(cancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(RunTimeout);
        try
        {
            await node.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            node.Kill(entireProcessTree: true);
            throw new TimeoutException($"doc-bench-client ({settings["mode"]}) did not finish within {RunTimeout.TotalMinutes:0} min.");
        }

        if (node.ExitCode != 0)
        {
            throw new InvalidOperationException($"doc-bench-client ({settings["mode"]}) failed with code {node.ExitCode}:\n{await errors}");
        }

        var lines = (await output).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return JsonDocument.Parse(lines[^1]).RootElement.Clone();
    }

    /// <summary>Starting the hub tests' client installs its pinned packages (npm ci) when they are missing or stale.</summary>
    private static async Task EnsureInstalledAsync(string repositoryRoot)
    {
        await using var client = await HubClientProcess.StartAsync(repositoryRoot);
    }
}
