using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace Vibe.TestSupport;

/// <summary>
/// The real WebFront, run the way ./run.sh runs it (<c>dotnet Vibe.WebFront.dll ARGS</c>) in its own process: the web
/// app, the API, the hubs and the silo with the workspaces, listening on a port the OS picks. Its stdout and stderr are
/// collected line by line. Disposing it stops the process with SIGTERM (SIGKILL if it does not exit in time).
/// </summary>
public sealed class WebFrontProcess : IAsyncDisposable
{
    private const string BannerPrefix = "Vibe is running at ";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly TaskCompletionSource<Uri> _url = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private WebFrontProcess(Process process) => _process = process;

    /// <summary>The path of Vibe.WebFront.dll built with these tests (same configuration).</summary>
    public static string WebFrontPath { get; } = typeof(WebFrontProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "VibeWebFrontPath").Value!;

    /// <summary>Everything the process printed so far, stdout and stderr interleaved.</summary>
    public string Output => string.Join('\n', _lines);

    /// <summary>
    /// Starts WebFront on 127.0.0.1 (a free port) with the given settings as command-line arguments
    /// (<c>--Vibe:DataDirectory DIR</c>...) and waits until it prints the URL it serves.
    /// </summary>
    public static async Task<(WebFrontProcess Process, Uri Url)> StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        // A killed app would leave its nosuid bind mount of the workspaces' root behind (tested in Docker.Tests and Silo.Tests).
        var arguments = new List<string> { "--urls", "http://127.0.0.1:0" };
        foreach (var (key, value) in settings.Prepend(new("Vibe:Workspaces:AllowSuidMount", "true")))
        {
            arguments.Add("--" + key);
            arguments.Add(value);
        }

        var startInfo = DotnetProgram.StartInfo(WebFrontPath, arguments);
        var process = new Process { StartInfo = startInfo };
        var webFront = new WebFrontProcess(process);
        process.OutputDataReceived += (_, e) => webFront.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => webFront.OnLine(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            return (webFront, await webFront.WaitUntilRunningAsync());
        }
        catch
        {
            await webFront.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        using (_process)
        {
            if (_process.HasExited)
            {
                return;
            }

            // SIGTERM, as Ctrl+C or systemd would stop it: the app shuts down gracefully.
            using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var timeout = new CancellationTokenSource(StopTimeout);
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
    }

    private async Task<Uri> WaitUntilRunningAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var exited = _process.WaitForExitAsync(timeout.Token);
        if (await Task.WhenAny(_url.Task, exited) == _url.Task)
        {
            return await _url.Task;
        }

        throw new InvalidOperationException(timeout.IsCancellationRequested
            ? $"WebFront did not print '{BannerPrefix}...' within {StartTimeout.TotalSeconds} s. Output:\n{Output}"
            : $"WebFront exited with code {_process.ExitCode} before it was running. Output:\n{Output}");
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        _lines.Enqueue(line);
        // "Vibe is running at http://127.0.0.1:41234 (data: ...)": the port is the one Kestrel bound.
        if (line.StartsWith(BannerPrefix, StringComparison.Ordinal))
        {
            var url = line[BannerPrefix.Length..].Split([' ', ','], 2)[0];
            if (Uri.TryCreate(url, UriKind.Absolute, out var parsed))
            {
                _url.TrySetResult(parsed);
            }
            else
            {
                _url.TrySetException(new InvalidOperationException($"WebFront printed a URL that does not parse: {line}"));
            }
        }
    }
}
