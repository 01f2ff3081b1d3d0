using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace Vibe.Silo.Tests;

/// <summary>
/// The real Silo, run as `dotnet Vibe.Silo.dll ARGS` in its own process, with its stdout and stderr collected line by
/// line. Disposing it SIGKILLs the process if it still runs.
/// </summary>
internal sealed class SiloProcess : IAsyncDisposable
{
    public const string BannerPrefix = "Vibe is running at ";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly TaskCompletionSource<string> _banner = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private SiloProcess(Process process)
    {
        _process = process;
    }

    /// <summary>Everything the process printed so far, stdout and stderr interleaved.</summary>
    public string Output => string.Join('\n', _lines);

    public int ExitCode => _process.ExitCode;

    /// <summary>The path of Vibe.Silo.dll built with these tests (same configuration).</summary>
    public static string SiloPath { get; } = typeof(SiloProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "VibeSiloPath").Value!;

    /// <summary>Starts the Silo on a free loopback port with <paramref name="dataDirectory"/> and waits until it prints that it runs.</summary>
    public static async Task<(SiloProcess Silo, Uri Url)> StartRunningAsync(string dataDirectory)
    {
        // The free port can be taken between our probe and the Silo's bind: then start again on another one.
        for (var attempt = 1; ; attempt++)
        {
            var url = new Uri($"http://127.0.0.1:{FreePort()}");
            var silo = Start("--urls", url.ToString().TrimEnd('/'), "--Vibe:DataDirectory", dataDirectory);
            try
            {
                await silo.WaitUntilRunningAsync();
                return (silo, url);
            }
            catch (InvalidOperationException) when (attempt < 3 && silo.Output.Contains("address already in use", StringComparison.Ordinal))
            {
                await silo.DisposeAsync();
            }
            catch
            {
                await silo.DisposeAsync();
                throw;
            }
        }
    }

    public static SiloProcess Start(params string[] arguments)
    {
        if (!File.Exists(SiloPath))
        {
            throw new FileNotFoundException($"The Silo is not built at {SiloPath}; build the solution first.", SiloPath);
        }

        var startInfo = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        startInfo.ArgumentList.Add(SiloPath);
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // Only the arguments configure the Silo under test, not whatever the test run's environment holds.
        foreach (var name in startInfo.Environment.Keys.ToList())
        {
            if (name.StartsWith("Vibe__", StringComparison.OrdinalIgnoreCase)
                || name is "ASPNETCORE_URLS" or "DOTNET_URLS" or "ASPNETCORE_ENVIRONMENT" or "DOTNET_ENVIRONMENT")
            {
                startInfo.Environment.Remove(name);
            }
        }

        var process = new Process { StartInfo = startInfo };
        var silo = new SiloProcess(process);
        process.OutputDataReceived += (_, e) => silo.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => silo.OnLine(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    /// <summary>Waits for the "Vibe is running at ..." line and returns it; throws with the output if the process exits first.</summary>
    public async Task<string> WaitUntilRunningAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var exited = _process.WaitForExitAsync(timeout.Token);
        var first = await Task.WhenAny(_banner.Task, exited);
        if (first == _banner.Task)
        {
            return await _banner.Task;
        }

        throw new InvalidOperationException(timeout.IsCancellationRequested
            ? $"The Silo did not print '{BannerPrefix}...' within {StartTimeout.TotalSeconds} s. Output:\n{Output}"
            : $"The Silo exited with code {_process.ExitCode} before it was running. Output:\n{Output}");
    }

    /// <summary>Waits until the process has exited and its output is read; returns the exit code.</summary>
    public async Task<int> WaitForExitAsync()
    {
        using var timeout = new CancellationTokenSource(StopTimeout);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The Silo did not exit within {StopTimeout.TotalSeconds} s. Output:\n{Output}");
        }

        return _process.ExitCode;
    }

    /// <summary>Sends SIGTERM (what `docker stop`, systemd and Kubernetes send) and waits for the exit code.</summary>
    public async Task<int> TerminateAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
            Assert.Equal(0, kill.ExitCode);
        }

        return await WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        _lines.Enqueue(line);
        if (line.StartsWith(BannerPrefix, StringComparison.Ordinal))
        {
            _banner.TrySetResult(line);
        }
    }
}
