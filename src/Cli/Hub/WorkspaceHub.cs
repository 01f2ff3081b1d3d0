using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Vibe.Cli.Api;

namespace Vibe.Cli.Hub;

/// <summary>
/// A connection to the server's workspace hub (<c>/hubs/workspace</c>) with the user's access token, over WebSockets
/// straight away (no negotiation round trip). Hub errors become <see cref="CliException"/>s with the server's reason.
/// </summary>
internal sealed class WorkspaceHub : IAsyncDisposable
{
    private const string Path = "/hubs/workspace";

    private WorkspaceHub(HubConnection connection) => Connection = connection;

    public HubConnection Connection { get; }

    /// <summary>Completes when the connection closes on its own (the server stopped, the network failed).</summary>
    public Task Closed => _closed.Task;

    private readonly TaskCompletionSource<Exception?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

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
            .Build();
        var hub = new WorkspaceHub(connection);
        connection.Closed += error =>
        {
            hub._closed.TrySetResult(error);
            return Task.CompletedTask;
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
        catch (InvalidOperationException ex) when (ex.Message.Contains("connection", StringComparison.OrdinalIgnoreCase))
        {
            throw new CliException($"The connection to the server was lost ({ex.Message}).");
        }
    }
}
