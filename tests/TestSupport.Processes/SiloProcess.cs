using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using Xunit;

namespace Vibe.TestSupport;

/// <summary>
/// The real Silo, run as `dotnet Vibe.Silo.dll ARGS` in its own process, with its stdout and stderr collected line by
/// line (and copied to a log file when one is given). Disposing it SIGKILLs the process if it still runs.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    public const string BannerPrefix = "Vibe is running at ";

    /// <summary>How long a starting process may go without printing a line or using CPU before it counts as hung.</summary>
    private static readonly TimeSpan StallTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The longest a start may take while it still makes progress (a loaded machine is slow, not hung), so a run ends.</summary>
    private static readonly TimeSpan StartLimit = TimeSpan.FromMinutes(10);

    private static readonly TimeSpan ProgressCheck = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly TaskCompletionSource<string> _banner = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly StreamWriter? _log;
    private readonly Lock _logLock = new();

    private SiloProcess(Process process, string? logFile)
    {
        _process = process;
        LogFile = logFile;
        _log = logFile is null ? null : new StreamWriter(logFile, append: true) { AutoFlush = true };
    }

    /// <summary>The file the output is copied to, if any: it outlives the test run for a post-mortem.</summary>
    public string? LogFile { get; }

    public int Id => _process.Id;

    /// <summary>Everything the process printed so far, stdout and stderr interleaved.</summary>
    public string Output => string.Join('\n', _lines);

    public int ExitCode => _process.ExitCode;

    /// <summary>The path of Vibe.Silo.dll built with these tests (same configuration).</summary>
    public static string SiloPath { get; } = BuiltProgram("VibeSiloPath");

    /// <summary>The path of Vibe.TestSilo.dll built with these tests: the Silo plus the greeting counter (POST /test/greetings/{name}) the tests write through.</summary>
    public static string TestSiloPath { get; } = BuiltProgram("VibeTestSiloPath");

    /// <summary>Starts the Silo (or <paramref name="program"/>) on a free loopback port with <paramref name="dataDirectory"/> and waits until it prints that it runs.</summary>
    public static async Task<(SiloProcess Silo, Uri Url)> StartRunningAsync(string dataDirectory, string? program = null)
    {
        // The free port can be taken between our probe and the Silo's bind: then start again on another one.
        for (var attempt = 1; ; attempt++)
        {
            var url = new Uri($"http://127.0.0.1:{FreePort.Find()}");
            var silo = StartProgram(program ?? SiloPath, new Dictionary<string, string>(), logFile: null, "--urls", url.ToString().TrimEnd('/'), "--Vibe:DataDirectory", dataDirectory);
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

    public static SiloProcess Start(params string[] arguments) => Start(new Dictionary<string, string>(), logFile: null, arguments);

    /// <summary>Starts the Silo with <paramref name="environment"/> added to a copy of this process's environment (minus its Vibe settings).</summary>
    public static SiloProcess Start(IReadOnlyDictionary<string, string> environment, string? logFile, params string[] arguments) =>
        StartProgram(SiloPath, environment, logFile, arguments);

    /// <summary>Starts <paramref name="program"/> (the Silo or WebFront) as <see cref="Start(IReadOnlyDictionary{string, string}, string?, string[])"/> does.</summary>
    public static SiloProcess StartProgram(string program, IReadOnlyDictionary<string, string> environment, string? logFile, params string[] arguments)
    {
        var startInfo = DotnetProgram.StartInfo(program, arguments);

        // Docker.Tests check the workspace firewall with chains of their own; a silo under test leaves the machine's iptables alone.
        startInfo.Environment["Vibe__Workspaces__Network__Firewall"] = "false";
        // Killed silos would leave their nosuid bind mount of the workspaces' root behind: only the test that asks gets one.
        startInfo.Environment["Vibe__Workspaces__AllowSuidMount"] = "true";
        foreach (var (name, value) in environment)
        {
            startInfo.Environment[name] = value;
        }

        var process = new Process { StartInfo = startInfo };
        var silo = new SiloProcess(process, logFile);
        process.OutputDataReceived += (_, e) => silo.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => silo.OnLine(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    /// <summary>
    /// Waits for the "Vibe is running at ..." line and returns it, however long that takes while the process makes progress
    /// (prints or uses CPU); throws with the output if the process exits first, stalls for <see cref="StallTimeout"/>, or
    /// passes <see cref="StartLimit"/>.
    /// </summary>
    public async Task<string> WaitUntilRunningAsync()
    {
        var clock = Stopwatch.StartNew();
        var exited = _process.WaitForExitAsync();
        var progress = (Lines: _lines.Count, Cpu: ProcessorTime());
        var lastProgress = clock.Elapsed;
        while (true)
        {
            var first = await Task.WhenAny(_banner.Task, exited, Task.Delay(ProgressCheck));
            if (first == _banner.Task)
            {
                return await _banner.Task;
            }

            if (first == exited)
            {
                throw new InvalidOperationException($"The Silo exited with code {_process.ExitCode} before it was running. Output:\n{Output}");
            }

            var now = (Lines: _lines.Count, Cpu: ProcessorTime());
            if (now != progress)
            {
                (progress, lastProgress) = (now, clock.Elapsed);
            }
            else if (clock.Elapsed - lastProgress > StallTimeout)
            {
                throw new InvalidOperationException($"The Silo did not print '{BannerPrefix}...' and made no progress (no output, no CPU) for {StallTimeout.TotalSeconds} s. Output:\n{Output}");
            }

            if (clock.Elapsed > StartLimit)
            {
                throw new InvalidOperationException($"The Silo did not print '{BannerPrefix}...' within {StartLimit.TotalMinutes} min. Output:\n{Output}");
            }
        }
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
        await SignalAsync("TERM");
        return await WaitForExitAsync();
    }

    /// <summary>Sends SIGSTOP: the process freezes (as in a long GC pause or a hung machine) but its sockets stay open.</summary>
    public Task PauseAsync() => SignalAsync("STOP");

    /// <summary>Sends SIGCONT to a paused process.</summary>
    public Task ResumeAsync() => SignalAsync("CONT");

    /// <summary>SIGKILLs the process, as the OOM killer or a lost machine would end it: no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        lock (_logLock)
        {
            _log?.Dispose();
        }
    }

    /// <summary>The CPU time the process has used (zero once it has exited).</summary>
    private TimeSpan ProcessorTime()
    {
        try
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
        catch (InvalidOperationException)
        {
            return TimeSpan.Zero;
        }
    }

    private static string BuiltProgram(string key) =>
        typeof(SiloProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        _lines.Enqueue(line);
        lock (_logLock)
        {
            try
            {
                _log?.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // Output that arrives after dispose is not worth keeping.
            }
        }

        if (line.StartsWith(BannerPrefix, StringComparison.Ordinal))
        {
            _banner.TrySetResult(line);
        }
    }
}
