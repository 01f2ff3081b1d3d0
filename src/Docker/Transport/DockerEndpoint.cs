using System.Net.Sockets;
using Vibe.Docker.Errors;

namespace Vibe.Docker.Transport;

/// <summary>Where the daemon listens: a unix socket (<c>unix:///var/run/docker.sock</c>) or plain TCP (<c>tcp://host:2375</c>), in DOCKER_HOST syntax.</summary>
public sealed class DockerEndpoint
{
    public const string DefaultUnixSocket = "/var/run/docker.sock";

    private DockerEndpoint(string value, string? socketPath, string? host, int port)
    {
        Value = value;
        SocketPath = socketPath;
        Host = host;
        Port = port;
    }

    /// <summary>The endpoint as a DOCKER_HOST value.</summary>
    public string Value { get; }

    /// <summary>The unix socket path, or null for TCP.</summary>
    public string? SocketPath { get; }

    /// <summary>The TCP host, or null for a unix socket.</summary>
    public string? Host { get; }

    public int Port { get; }

    public bool IsUnixSocket => SocketPath is not null;

    /// <summary>The default local socket.</summary>
    public static DockerEndpoint Default { get; } = new("unix://" + DefaultUnixSocket, DefaultUnixSocket, null, 0);

    /// <summary>DOCKER_HOST if set, else the default socket.</summary>
    public static DockerEndpoint FromEnvironment(Func<string, string?>? getEnvironmentVariable = null)
    {
        var value = (getEnvironmentVariable ?? Environment.GetEnvironmentVariable)("DOCKER_HOST");
        return string.IsNullOrWhiteSpace(value) ? Default : Parse(value);
    }

    /// <summary>Parses <c>unix:///path</c>, <c>tcp://host:port</c> or a bare absolute socket path.</summary>
    public static DockerEndpoint Parse(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        value = value.Trim();
        if (value.StartsWith('/'))
        {
            return new DockerEndpoint("unix://" + value, value, null, 0);
        }

        if (value.StartsWith("unix://", StringComparison.OrdinalIgnoreCase))
        {
            var path = value["unix://".Length..];
            if (path.Length == 0 || path[0] != '/')
            {
                throw new FormatException($"DOCKER_HOST '{value}' must name an absolute socket path, e.g. unix:///var/run/docker.sock.");
            }

            return new DockerEndpoint("unix://" + path, path, null, 0);
        }

        if (value.StartsWith("tcp://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(value.StartsWith("tcp://", StringComparison.OrdinalIgnoreCase) ? "http://" + value["tcp://".Length..] : value, UriKind.Absolute, out var uri)
                || uri.Host.Length == 0)
            {
                throw new FormatException($"DOCKER_HOST '{value}' is not a valid tcp://host:port address.");
            }

            var port = uri.IsDefaultPort ? 2375 : uri.Port;
            return new DockerEndpoint($"tcp://{uri.Host}:{port}", null, uri.Host, port);
        }

        throw new FormatException($"DOCKER_HOST '{value}' is not supported: use unix:///path/to/docker.sock or tcp://host:port (TLS and ssh:// are not supported).");
    }

    /// <summary>Opens a connected socket to the daemon, or throws <see cref="DockerUnavailableException"/> saying how to fix it.</summary>
    public async ValueTask<Socket> ConnectAsync(CancellationToken cancellationToken)
    {
        Socket socket;
        System.Net.EndPoint endPoint;
        if (SocketPath is not null)
        {
            socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            endPoint = new UnixDomainSocketEndPoint(SocketPath);
        }
        else
        {
            socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            endPoint = new System.Net.DnsEndPoint(Host!, Port);
        }

        try
        {
            await socket.ConnectAsync(endPoint, cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch (SocketException ex)
        {
            socket.Dispose();
            throw Unavailable(ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    internal DockerUnavailableException Unavailable(Exception cause)
    {
        var reason = cause is SocketException socketException
            ? socketException.SocketErrorCode switch
            {
                SocketError.AccessDenied => "permission denied: run as root or as a member of the 'docker' group, or set DOCKER_HOST",
                SocketError.ConnectionRefused when IsUnixSocket => "the socket exists but nothing listens on it",
                _ when IsUnixSocket && !File.Exists(SocketPath) => "the socket does not exist",
                _ => socketException.Message,
            }
            : cause.Message;
        var message = $"Docker daemon not reachable at {Value} ({reason}): start it with `dockerd` (or `sudo systemctl start docker`) or set DOCKER_HOST.";
        return new DockerUnavailableException(Value, message, cause);
    }

    public override string ToString() => Value;
}
