using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using System.Text;

namespace Vibe.Cli.Tests.Fixtures;

/// <summary>
/// A running <c>vibe</c> (the built vibe.dll, run with dotnet) for one user: HOME is theirs, so is the credentials file;
/// no VIBE_ or XDG_CONFIG_HOME variable of the test run leaks in. Stdout and stderr are collected as they come;
/// tests await what they expect to see, type into stdin, send signals and await the exit code. <see cref="StartInPty"/>
/// runs it on a real pseudo-terminal (util-linux <c>script</c>), as a person's terminal would.
/// </summary>
public sealed class VibeProcess : IAsyncDisposable
{
    /// <summary>The vibe.dll built with these tests (same configuration).</summary>
    public static string CliPath { get; } = typeof(VibeProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "VibeCliPath").Value!;

    /// <summary>VIBE_TEST_EXECUTABLE names another build of vibe to test, e.g. the ahead-of-time one ./vibe makes (src/Cli/bin/native/vibe).</summary>
    private static readonly string? OtherBuild = Environment.GetEnvironmentVariable("VIBE_TEST_EXECUTABLE") is { Length: > 0 } path ? path : null;

    /// <summary>The program and first arguments that run vibe.</summary>
    private static string[] Command => OtherBuild is { } executable ? [executable] : [Dotnet, CliPath];

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(2);

    private static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";

    private readonly Process _process;
    private readonly StringBuilder _stdout = new();
    private readonly StringBuilder _stderr = new();
    private readonly Lock _lock = new();
    private readonly SemaphoreSlim _changed = new(0);
    private readonly Task _reading;

    private VibeProcess(Process process)
    {
        _process = process;
        _reading = Task.WhenAll(
            PumpAsync(process.StandardOutput.BaseStream, _stdout),
            PumpAsync(process.StandardError.BaseStream, _stderr));
    }

    public int Id => _process.Id;

    public string Stdout
    {
        get
        {
            lock (_lock)
            {
                return _stdout.ToString();
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_lock)
            {
                return _stderr.ToString();
            }
        }
    }

    public static VibeProcess Start(string home, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var startInfo = NewStartInfo(home, Command[0], environment);
        foreach (var argument in Command.Skip(1).Concat(arguments))
        {
            startInfo.ArgumentList.Add(argument);
        }

        return new VibeProcess(Process.Start(startInfo)!);
    }

    /// <summary>Runs vibe on a new pseudo-terminal: what is written to stdin is typed at it, stdout is the screen.</summary>
    public static VibeProcess StartInPty(string home, IEnumerable<string> arguments, int columns = 100, int rows = 30)
    {
        var command = string.Join(' ', Command.Concat(arguments).Select(Quote));
        var sized = string.Create(CultureInfo.InvariantCulture, $"stty cols {columns} rows {rows}; exec {command}");

        // -e: script exits with vibe's code; -f: flush what vibe writes at once; -q: no banner.
        var startInfo = NewStartInfo(home, "script", null);
        foreach (var argument in new[] { "-qfec", sized, "/dev/null" })
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["TERM"] = "xterm-256color";
        return new VibeProcess(Process.Start(startInfo)!);
    }

    public static async Task<VibeResult> RunAsync(string home, IEnumerable<string> arguments, string? stdin = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        await using var vibe = Start(home, arguments, environment);
        if (stdin is not null)
        {
            await vibe.WriteAsync(stdin);
        }

        vibe.CloseInput();
        var code = await vibe.WaitForExitAsync();
        return new VibeResult(code, vibe.Stdout, vibe.Stderr);
    }

    public async Task WriteAsync(string text)
    {
        await _process.StandardInput.WriteAsync(text);
        await _process.StandardInput.FlushAsync();
    }

    public void CloseInput() => _process.StandardInput.Close();

    /// <summary>Waits until stdout satisfies <paramref name="condition"/>; fails with what was printed if it does not in time.</summary>
    public async Task WaitForStdoutAsync(Func<string, bool> condition, string what, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? DefaultTimeout);
        while (!condition(Stdout))
        {
            if (_process.HasExited && _reading.IsCompleted && !condition(Stdout))
            {
                throw new InvalidOperationException($"vibe exited before {what}.\n{Describe()}");
            }

            try
            {
                await _changed.WaitAsync(TimeSpan.FromMilliseconds(200), deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Waited {(timeout ?? DefaultTimeout).TotalSeconds:0} s for {what}.\n{Describe()}");
            }
        }
    }

    /// <summary>Sends a signal (INT for Ctrl+C, TERM...) to vibe.</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", _process.Id.ToString(CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    public async Task<int> WaitForExitAsync(TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? DefaultTimeout);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
            await _reading.WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"vibe did not exit within {(timeout ?? DefaultTimeout).TotalSeconds:0} s.\n{Describe()}");
        }

        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        _changed.Dispose();
    }

    private string Describe() => $"--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";

    private static ProcessStartInfo NewStartInfo(string home, string fileName, IReadOnlyDictionary<string, string>? environment)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = home,
        };
        foreach (var name in startInfo.Environment.Keys.ToList())
        {
            if (name.StartsWith("VIBE_", StringComparison.Ordinal) || name == "XDG_CONFIG_HOME")
            {
                startInfo.Environment.Remove(name);
            }
        }

        startInfo.Environment["HOME"] = home;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        return startInfo;
    }

    private async Task PumpAsync(Stream stream, StringBuilder into)
    {
        var decoder = Encoding.UTF8.GetDecoder();
        var bytes = new byte[8192];
        var chars = new char[Encoding.UTF8.GetMaxCharCount(bytes.Length)];
        int read;
        while ((read = await stream.ReadAsync(bytes)) > 0)
        {
            var count = decoder.GetChars(bytes, 0, read, chars, 0);
            lock (_lock)
            {
                into.Append(chars, 0, count);
            }

            _changed.Release();
        }
    }

    private static string Quote(string argument) => "'" + argument.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
