using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Vibe.Cli.Api;

namespace Vibe.Cli.Hub;

/// <summary>
/// A connection to the server's workspace hub (<c>/hubs/workspace</c>) with the user's access token, over WebSockets
/// straight away (no negotiation round trip). It reconnects by itself when it drops — the server closes it when the
/// access token expires, and the next one is fetched (refreshed) for the new connection — after which the server has
/// forgotten what this connection joined: <see cref="Reconnected"/> lets callers join again and catch up. Hub errors
/// become <see cref="CliException"/>s with the server's reason.
/// </summary>
internal sealed class WorkspaceHub : IAsyncDisposable
{
    private const string Path = "/hubs/workspace";

    private readonly TaskCompletionSource<Exception?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<Func<Task>> _rejoins = [];
    private volatile TaskCompletionSource _connected = NewConnected(completed: true);

    private WorkspaceHub(HubConnection connection) => Connection = connection;

    public HubConnection Connection { get; }

    /// <summary>Completes when the connection is gone for good (the server stopped, reconnecting gave up).</summary>
    public Task Closed => _closed.Task;

    /// <summary>Runs <paramref name="rejoin"/> after each reconnection, to join groups again and catch up on what was missed.</summary>
    public void Reconnected(Func<Task> rejoin)
    {
        lock (_rejoins)
        {
            _rejoins.Add(rejoin);
        }
    }

    /// <summary>Waits while the connection is being re-established; false when it is gone for good.</summary>
    public async Task<bool> WaitUntilConnectedAsync(CancellationToken cancellationToken)
    {
        await Task.WhenAny(_connected.Task, _closed.Task).WaitAsync(cancellationToken);
        return !_closed.Task.IsCompleted;
    }

    public static async Task<WorkspaceHub> ConnectAsync(VibeApi api, CancellationToken cancellationToken)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(api.Server, Path), options =>
            {
                options.AccessTokenProvider = async () => await api.AccessTokenAsync(CancellationToken.None);
                options.SkipNegotiation = true;
                options.Transports = HttpTransportType.WebSockets;
            })
            .AddJsonProtocol(json => json.PayloadSerializerOptions.TypeInfoResolverChain.Insert(0, CliJson.Default))
            .WithAutomaticReconnect()
            .Build();
        var hub = new WorkspaceHub(connection);
        connection.Closed += error =>
        {
            hub._closed.TrySetResult(error);
            return Task.CompletedTask;
        };
        connection.Reconnecting += _ =>
        {
            hub._connected = NewConnected(completed: false);
            return Task.CompletedTask;
        };
        connection.Reconnected += async _ =>
        {
            List<Func<Task>> rejoins;
            lock (hub._rejoins)
            {
                rejoins = [.. hub._rejoins];
            }

            try
            {
                foreach (var rejoin in rejoins)
                {
                    await rejoin();
                }
            }
            finally
            {
                hub._connected.TrySetResult();
            }
        };
        await Unreachable.GuardAsync(api.Server, async () =>
        {
            await connection.StartAsync(cancellationToken);
            return true;
        });
        return hub;
    }

    public Task<T> InvokeAsync<T>(string method, object?[] arguments, CancellationToken cancellationToken) =>
        GuardAsync(() => Connection.InvokeCoreAsync<T>(method, arguments, cancellationToken));

    public Task InvokeAsync(string method, object?[] arguments, CancellationToken cancellationToken) =>
        GuardAsync(async () =>
        {
            await Connection.InvokeCoreAsync(method, arguments, cancellationToken);
            return true;
        });

    public async ValueTask DisposeAsync() => await Connection.DisposeAsync();

    private static TaskCompletionSource NewConnected(bool completed)
    {
        var source = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (completed)
        {
            source.SetResult();
        }

        return source;
    }

    /// <summary>The server's reason for a refused hub call, without SignalR's wrapping ("An unexpected error occurred invoking 'X' on the server. HubException: reason").</summary>
    internal static string Reason(HubException exception)
    {
        const string Marker = "HubException: ";
        var message = exception.Message;
        var at = message.IndexOf(Marker, StringComparison.Ordinal);
        return at >= 0 ? message[(at + Marker.Length)..] : message;
    }

    private static async Task<T> GuardAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (HubException ex)
        {
            var reason = Reason(ex);
            throw new CliException(reason switch
            {
                "workspace not found" => "The workspace was not found, or you may not see it: `vibe ws ls` lists yours.",
                "" => "The server refused the request.",
                _ => char.ToUpperInvariant(reason[0]) + reason[1..] + (reason.EndsWith('.') ? "" : "."),
            });
        }
        catch (Exception ex) when (ex is IOException || (ex is InvalidOperationException && ex.Message.Contains("connection", StringComparison.OrdinalIgnoreCase)))
        {
            throw new CliException($"The connection to the server was lost ({ex.Message}).");
        }
    }
}
