using System.Net.Http;
using System.Net.Sockets;

namespace Vibe.Cli.Api;

/// <summary>Turns "cannot connect" failures of HTTP calls into one message that names the server and says what to check.</summary>
internal static class Unreachable
{
    public static async Task<T> GuardAsync<T>(Uri server, Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError
            or HttpRequestError.SecureConnectionError or HttpRequestError.ResponseEnded or HttpRequestError.Unknown)
        {
            throw new CliException($"Cannot reach the Vibe server at {server} ({Reason(ex)}). Check that it runs and the address is right; `vibe login URL` signs in to another.");
        }
        catch (TaskCanceledException ex) when (ex.InnerException is TimeoutException)
        {
            throw new CliException($"The Vibe server at {server} did not answer in time. Check that it runs and the address is right.");
        }
    }

    private static string Reason(HttpRequestException exception) => exception.InnerException switch
    {
        SocketException socket => socket.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => "connection refused",
            SocketError.HostNotFound or SocketError.TryAgain => "unknown host",
            SocketError.TimedOut => "timed out",
            SocketError.NetworkUnreachable or SocketError.HostUnreachable => "network unreachable",
            _ => socket.Message,
        },
        { } inner => inner.Message,
        null => exception.Message,
    };
}
