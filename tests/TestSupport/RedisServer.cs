using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Vibe.TestSupport;

/// <summary>
/// A private Redis server for tests: Debian's redis-server on a free port on 127.0.0.1, in a fresh temporary directory,
/// with persistence off. Dispose stops it and deletes the directory; servers left by a test process that died are
/// removed the next time one starts.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private const string DirectoryPrefix = "vibe-redis-";
    private const string ServerPidFileName = "redis.pid";
    private const string ServerName = "redis-server";

    private readonly Process _process;
    private readonly string _directory;

    private RedisServer(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    /// <summary>The port the server listens on (on 127.0.0.1).</summary>
    public int Port { get; }

    /// <summary>A StackExchange.Redis configuration string: "127.0.0.1:PORT".</summary>
    public string ConnectionString => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port}");

    /// <summary>Starts a server and returns once it answers PING.</summary>
    /// <exception cref="InvalidOperationException">redis-server is not installed, or it did not start.</exception>
    public static async Task<RedisServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var executable = FindExecutable() ?? throw new InvalidOperationException(
            "Redis is not installed: found no redis-server on PATH. Install it with `apt-get install redis-server`.");
        await RemoveAbandonedServersAsync();

        var directory = await PrivateDirectory.CreateAsync(DirectoryPrefix, cancellationToken);
        try
        {
            // Another process can take the free port between our probe and the server's bind: retry with a new one.
            for (var attempt = 1; ; attempt++)
            {
                var port = FreePort.Find();
                var log = new StringBuilder();
                var process = Start(executable, port, directory, log);
                await File.WriteAllTextAsync(Path.Combine(directory, ServerPidFileName), process.Id.ToString(CultureInfo.InvariantCulture), cancellationToken);
                try
                {
                    await WaitUntilAnsweringAsync(process, log, port, TimeSpan.FromSeconds(30), cancellationToken);
                    return new RedisServer(process, directory, port);
                }
                catch (InvalidOperationException exception) when (attempt < 5 && exception.Message.Contains("Address already in use", StringComparison.Ordinal))
                {
                    await StopAsync(process);
                }
                catch
                {
                    await StopAsync(process);
                    throw;
                }
            }
        }
        catch
        {
            PrivateDirectory.TryDelete(directory);
            throw;
        }
    }

    /// <summary>Stops the server and deletes its directory.</summary>
    public async ValueTask DisposeAsync()
    {
        await StopAsync(_process);
        PrivateDirectory.TryDelete(_directory);
    }

    private static Process Start(string executable, int port, string directory, StringBuilder log)
    {
        var startInfo = new ProcessStartInfo(executable)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "",
                     "--appendonly", "no", "--daemonize", "no", "--dir", directory])
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {executable}.");
        process.OutputDataReceived += (_, line) => Append(log, line.Data);
        process.ErrorDataReceived += (_, line) => Append(log, line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static void Append(StringBuilder log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                log.AppendLine(line);
            }
        }
    }

    private static string Read(StringBuilder log)
    {
        lock (log)
        {
            return log.ToString();
        }
    }

    private static async Task WaitUntilAnsweringAsync(Process process, StringBuilder log, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
            {
                // The exit code is known before the last output lines are read.
                await process.WaitForExitAsync(cancellationToken);
                throw new InvalidOperationException($"redis-server exited with code {process.ExitCode} on port {port}:\n{Read(log)}");
            }

            if (await AnswersPingAsync(port, cancellationToken))
            {
                return;
            }

            if (deadline.Elapsed > timeout)
            {
                throw new InvalidOperationException($"redis-server did not answer on port {port} within {timeout.TotalSeconds:0} s:\n{Read(log)}");
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    private static async Task<bool> AnswersPingAsync(int port, CancellationToken cancellationToken)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray(), cancellationToken);
            var reply = new byte[16];
            var read = await stream.ReadAsync(reply, cancellationToken);
            return Encoding.ASCII.GetString(reply, 0, read).StartsWith("+PONG", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false; // the server closed the connection while starting
        }
    }

    private static async Task StopAsync(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }

        await process.WaitForExitAsync();
        process.Dispose();
    }

    /// <summary>Stops and deletes servers left behind by test processes that died without disposing them.</summary>
    private static async Task RemoveAbandonedServersAsync()
    {
        foreach (var directory in await PrivateDirectory.FindAbandonedAsync(DirectoryPrefix))
        {
            try
            {
                var text = await File.ReadAllTextAsync(Path.Combine(directory, ServerPidFileName));
                if (int.TryParse(text, CultureInfo.InvariantCulture, out var pid))
                {
                    using var server = Process.GetProcessById(pid);
                    if (server.ProcessName == ServerName)
                    {
                        server.Kill();
                        await server.WaitForExitAsync();
                    }
                }
            }
            catch (Exception exception) when (exception is IOException or ArgumentException or InvalidOperationException)
            {
                // No pid file (it died starting) or the server is gone already.
            }

            PrivateDirectory.TryDelete(directory);
        }
    }

    private static string? FindExecutable()
    {
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/bin")
            .Select(directory => Path.Combine(directory, ServerName));
        return candidates.FirstOrDefault(File.Exists);
    }
}
