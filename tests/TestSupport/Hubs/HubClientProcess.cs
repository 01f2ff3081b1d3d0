using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Vibe.TestSupport;

/// <summary>
/// The real <c>@microsoft/signalr</c> client, run by Node (hub-client/hub-client.mjs), driven over JSON lines: it opens
/// named hub connections, invokes hub methods and reports every event the connections receive, with the time of receipt.
/// The first use installs the pinned client with <c>npm ci</c>. Used by the hub tests and the benchmarks.
/// </summary>
public sealed class HubClientProcess : IAsyncDisposable
{
    private static readonly SemaphoreSlim InstallTurn = new(1, 1);
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _node;
    private readonly Dictionary<long, TaskCompletionSource<JsonElement>> _pending = [];
    private readonly List<HubClientEvent> _events = [];
    private readonly List<string> _stderr = [];
    private readonly Task _reader;
    private TaskCompletionSource _eventArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _nextId;

    private HubClientProcess(Process node)
    {
        _node = node;
        _node.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                lock (_stderr)
                {
                    _stderr.Add(line);
                }
            }
        };
        _node.BeginErrorReadLine();
        _reader = Task.Run(ReadAsync);
    }

    /// <summary>Called for every event as it arrives, on the reader's thread (keep it short).</summary>
    public event Action<HubClientEvent>? EventReceived;

    /// <summary>The events received so far, in order.</summary>
    public IReadOnlyList<HubClientEvent> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>Starts the client of the repository at <paramref name="repositoryRoot"/>, installing its packages first if needed.</summary>
    public static Task<HubClientProcess> StartAsync(string repositoryRoot) =>
        StartAsync(Path.Combine(repositoryRoot, "tests", "TestSupport", "Hubs", "hub-client"), "hub-client.mjs");

    /// <summary>Starts another client script speaking the same JSON lines, from its own package in <paramref name="directory"/>, installing its packages first if needed.</summary>
    public static async Task<HubClientProcess> StartAsync(string directory, string script)
    {
        await EnsureInstalledAsync(directory);
        var node = Start(new ProcessStartInfo("node")
        {
            ArgumentList = { Path.Combine(directory, script) },
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        });
        return new HubClientProcess(node);
    }

    /// <summary>Walks up from the test binaries to the directory holding Vibe.sln.</summary>
    public static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Vibe.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Vibe.sln above {AppContext.BaseDirectory}.");
    }

    /// <summary>Opens a hub connection named <paramref name="client"/>; returns its connection id. Fails like the browser would (401 without a token).</summary>
    public async Task<string> ConnectAsync(string client, Uri hubUrl, string? accessToken)
    {
        var result = await RequestAsync(new JsonObject { ["op"] = "connect", ["client"] = client, ["url"] = hubUrl.ToString(), ["token"] = accessToken });
        return result.GetString()!;
    }

    /// <summary>Invokes a hub method; a hub error becomes a <see cref="HubClientException"/> with the message the client got.</summary>
    public Task<JsonElement> InvokeAsync(string client, string method, params object?[] args) =>
        RequestAsync(new JsonObject
        {
            ["op"] = "invoke",
            ["client"] = client,
            ["method"] = method,
            ["args"] = JsonSerializer.SerializeToNode(args),
        });

    public Task StopAsync(string client) => RequestAsync(new JsonObject { ["op"] = "stop", ["client"] = client });

    /// <summary>Runs a process whose stdout lines arrive as "line" events named <paramref name="name"/>.</summary>
    public Task SpawnAsync(string name, IReadOnlyList<string> command) =>
        RequestAsync(new JsonObject { ["op"] = "spawn", ["name"] = name, ["command"] = JsonSerializer.SerializeToNode(command) });

    public Task StopProcessAsync(string name) => RequestAsync(new JsonObject { ["op"] = "kill", ["name"] = name });

    /// <summary>Waits for an event (already received or still to come) that matches <paramref name="predicate"/>.</summary>
    public async Task<HubClientEvent> WaitForAsync(Func<HubClientEvent, bool> predicate, string what, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        var seen = 0;
        while (true)
        {
            Task arrived;
            lock (_events)
            {
                for (; seen < _events.Count; seen++)
                {
                    if (predicate(_events[seen]))
                    {
                        return _events[seen];
                    }
                }

                arrived = _eventArrived.Task;
            }

            try
            {
                await arrived.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Waited {(timeout ?? TimeSpan.FromSeconds(30)).TotalSeconds:0} s for {what}; received: {Describe(Events.TakeLast(10))}{StderrTail()}");
            }
        }
    }

    /// <summary>Kills Node at once: its connections drop without a close handshake, as when a browser tab crashes.</summary>
    public async Task KillAsync()
    {
        _node.Kill(entireProcessTree: true);
        await _node.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _node.StandardInput.Close(); // the client closes its connections and exits
            using var exit = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _node.WaitForExitAsync(exit.Token);
        }
        catch (IOException)
        {
            // Node is gone already (killed).
        }
        catch (OperationCanceledException)
        {
            _node.Kill(entireProcessTree: true);
        }

        await _reader;
        _node.Dispose();
    }

    private static async Task EnsureInstalledAsync(string directory)
    {
        var lockFile = Path.Combine(directory, "package-lock.json");
        var installed = Path.Combine(directory, "node_modules", ".package-lock.json");
        await InstallTurn.WaitAsync();
        try
        {
            // Another process (the other test project run, a benchmark) may install at the same time: take turns on a file.
            using var turn = await LockFileAsync(Path.Combine(Path.GetTempPath(), "vibe-hub-client-npm.lock"));
            if (File.Exists(installed) && File.GetLastWriteTimeUtc(installed) >= File.GetLastWriteTimeUtc(lockFile))
            {
                return;
            }

            using var npm = Start(new ProcessStartInfo("npm")
            {
                ArgumentList = { "ci", "--no-audit", "--no-fund", "--loglevel=error" },
                WorkingDirectory = directory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            var output = npm.StandardOutput.ReadToEndAsync();
            var errors = npm.StandardError.ReadToEndAsync();
            await npm.WaitForExitAsync();
            if (npm.ExitCode != 0)
            {
                throw new InvalidOperationException($"`npm ci` in {directory} failed with code {npm.ExitCode}:\n{await output}\n{await errors}");
            }
        }
        finally
        {
            InstallTurn.Release();
        }
    }

    private static Process Start(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start) ?? throw new InvalidOperationException($"Could not start {start.FileName}.");
        }
        catch (System.ComponentModel.Win32Exception missing)
        {
            throw new InvalidOperationException($"Node.js 20 or newer with npm is needed to run the real SignalR client, and `{start.FileName}` could not be started ({missing.Message}).", missing);
        }
    }

    private static async Task<FileStream> LockFileAsync(string path)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (waited.Elapsed < TimeSpan.FromMinutes(5))
            {
                // Held by another process's install; there is nothing to await but its release.
                await Task.Delay(250);
            }
        }
    }

    /// <summary>Sends a request of the script's own (an op beyond connect, invoke and stop) and returns its result.</summary>
    public async Task<JsonElement> RequestAsync(JsonObject request)
    {
        var id = Interlocked.Increment(ref _nextId);
        request["id"] = id;
        var answer = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_pending)
        {
            _pending[id] = answer;
        }

        var line = request.ToJsonString();
        lock (_node)
        {
            _node.StandardInput.WriteLine(line);
            _node.StandardInput.Flush();
        }

        try
        {
            return await answer.Task.WaitAsync(RequestTimeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The hub client did not answer {request["op"]} within {RequestTimeout.TotalSeconds:0} s.{StderrTail()}");
        }
    }

    private async Task ReadAsync()
    {
        while (await _node.StandardOutput.ReadLineAsync() is { } line)
        {
            using var document = JsonDocument.Parse(line);
            var message = document.RootElement.Clone();
            if (message.TryGetProperty("event", out _))
            {
                var hubEvent = new HubClientEvent(message);
                TaskCompletionSource arrived;
                lock (_events)
                {
                    _events.Add(hubEvent);
                    arrived = _eventArrived;
                    _eventArrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                arrived.SetResult();
                EventReceived?.Invoke(hubEvent);
                continue;
            }

            TaskCompletionSource<JsonElement>? answer = null;
            if (message.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.Number)
            {
                lock (_pending)
                {
                    _pending.Remove(idElement.GetInt64(), out answer);
                }
            }

            if (answer is null)
            {
                continue;
            }

            if (message.GetProperty("ok").GetBoolean())
            {
                answer.SetResult(message.GetProperty("result"));
            }
            else
            {
                answer.SetException(new HubClientException(message.GetProperty("error").GetString() ?? ""));
            }
        }

        lock (_pending)
        {
            foreach (var answer in _pending.Values)
            {
                answer.TrySetException(new HubClientException($"The hub client exited.{StderrTail()}"));
            }

            _pending.Clear();
        }
    }

    private string StderrTail()
    {
        lock (_stderr)
        {
            return _stderr.Count == 0 ? "" : $"\nnode stderr:\n{string.Join('\n', _stderr.TakeLast(20))}";
        }
    }

    private static string Describe(IEnumerable<HubClientEvent> events) => string.Join("; ", events.Select(e => e.Message.GetRawText()));
}
