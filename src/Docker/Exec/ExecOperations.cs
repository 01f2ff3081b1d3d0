using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Vibe.Docker.Containers;
using Vibe.Docker.Logs;
using Vibe.Docker.Serialization;
using Vibe.Docker.Transport;

namespace Vibe.Docker.Exec;

/// <summary>Processes run inside a running container (<c>/containers/{id}/exec</c>, <c>/exec/{id}/...</c>).</summary>
public sealed class ExecOperations
{
    private const int ReadBufferSize = 16 * 1024;

    private readonly DockerTransport _transport;

    internal ExecOperations(DockerTransport transport)
    {
        _transport = transport;
    }

    /// <summary>Creates an exec instance and returns its ID. Throws <see cref="Errors.DockerConflictException"/> when the container is not running.</summary>
    public async Task<string> CreateAsync(string containerId, ExecCreateParameters parameters, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.Cmd.Count == 0)
        {
            throw new ArgumentException("An exec needs a command.", nameof(parameters));
        }

        var query = new QueryString($"/containers/{ContainerOperations.Escape(containerId)}/exec");
        var created = await _transport.SendJsonAsync(
            HttpMethod.Post, query, parameters, DockerJsonContext.Default.ExecCreateParameters, DockerJsonContext.Default.ExecCreateResponse, cancellationToken).ConfigureAwait(false);
        return created.Id;
    }

    /// <summary>Starts an exec instance on a hijacked connection. <paramref name="tty"/> must match how it was created.</summary>
    public async Task<ExecSession> StartAsync(string execId, bool tty, CancellationToken cancellationToken = default)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new ExecStartParameters { Detach = false, Tty = tty }, DockerJsonContext.Default.ExecStartParameters);
        var stream = await Hijacker.HijackAsync(_transport, $"/exec/{Escape(execId)}/start", body, cancellationToken).ConfigureAwait(false);
        return new ExecSession(this, execId, tty, stream);
    }

    /// <summary>Creates and starts an exec in one call: the usual way to open a terminal or run an interactive command.</summary>
    public async Task<ExecSession> OpenAsync(string containerId, ExecCreateParameters parameters, CancellationToken cancellationToken = default)
    {
        var execId = await CreateAsync(containerId, parameters, cancellationToken).ConfigureAwait(false);
        return await StartAsync(execId, parameters.Tty, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Resizes the exec's TTY. The daemon waits (up to 10 s) for the process to have started.</summary>
    public async Task ResizeAsync(string execId, int height, int width, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        var query = new QueryString($"/exec/{Escape(execId)}/resize").Add("h", height).Add("w", width);
        await _transport.SendNoContentAsync(HttpMethod.Post, query, null, cancellationToken).ConfigureAwait(false);
    }

    public Task<ExecInspectResponse> InspectAsync(string execId, CancellationToken cancellationToken = default) =>
        _transport.GetJsonAsync(new QueryString($"/exec/{Escape(execId)}/json"), DockerJsonContext.Default.ExecInspectResponse, cancellationToken);

    /// <summary>
    /// Waits until the process has exited and returns its exit code. The API has no wait call for execs; the exit code
    /// is normally set by the time the output ends, so this rarely polls more than once.
    /// </summary>
    public async Task<int> WaitForExitAsync(string execId, CancellationToken cancellationToken = default)
    {
        var delay = TimeSpan.FromMilliseconds(5);
        while (true)
        {
            var inspect = await InspectAsync(execId, cancellationToken).ConfigureAwait(false);
            if (!inspect.Running && inspect.ExitCode is { } exitCode)
            {
                return exitCode;
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 200));
        }
    }

    /// <summary>Runs a command to completion without a TTY and returns its exit code and its stdout and stderr, separately.</summary>
    public async Task<ExecRunResult> RunAsync(string containerId, IReadOnlyList<string> cmd, ExecRunOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cmd);
        options ??= new ExecRunOptions();
        var parameters = new ExecCreateParameters
        {
            Cmd = [.. cmd],
            Env = options.Env,
            User = options.User,
            WorkingDir = options.WorkingDir,
            AttachStdin = options.StandardInput is not null,
            AttachStdout = true,
            AttachStderr = true,
            Tty = false,
        };
        var session = await OpenAsync(containerId, parameters, cancellationToken).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            var stdin = options.StandardInput is { } input ? WriteStdinAsync(session, input, cancellationToken) : Task.CompletedTask;
            var stdout = new ArrayBufferWriter<byte>();
            var stderr = new ArrayBufferWriter<byte>();
            var truncated = false;
            var buffer = ArrayPool<byte>.Shared.Rent(ReadBufferSize);
            try
            {
                while (true)
                {
                    var result = await session.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                    if (result.IsCompleted)
                    {
                        break;
                    }

                    var target = result.Stream == StdStream.Stderr ? stderr : stdout;
                    var keep = Math.Min(result.Count, options.MaxOutputBytes - target.WrittenCount);
                    if (keep > 0)
                    {
                        target.Write(buffer.AsSpan(0, keep));
                    }

                    truncated |= keep < result.Count;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }

            await stdin.ConfigureAwait(false);
            var exitCode = await WaitForExitAsync(session.ExecId, cancellationToken).ConfigureAwait(false);
            _transport.Logger.LogDebug("Exec {ExecId} in {ContainerId} exited with {ExitCode}", session.ExecId, containerId, exitCode);
            return new ExecRunResult(exitCode, Encoding.UTF8.GetString(stdout.WrittenSpan), Encoding.UTF8.GetString(stderr.WrittenSpan), truncated);
        }
    }

    private static async Task WriteStdinAsync(ExecSession session, ReadOnlyMemory<byte> input, CancellationToken cancellationToken)
    {
        try
        {
            if (!input.IsEmpty)
            {
                await session.WriteAsync(input, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (IOException)
        {
            // The process exited without reading all of its input; its output and exit code still count.
        }
        finally
        {
            session.CloseStdin();
        }
    }

    private static string Escape(string execId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(execId);
        return Uri.EscapeDataString(execId);
    }
}
