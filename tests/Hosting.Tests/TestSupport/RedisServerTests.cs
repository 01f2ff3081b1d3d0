using System.Net.Sockets;
using System.Text;
using Vibe.TestSupport;

namespace Vibe.Hosting.Tests.TestSupport;

/// <summary>The private redis-server of Vibe.TestSupport that the membership tests of other projects start.</summary>
public sealed class RedisServerTests
{
    [Fact]
    public async Task A_server_answers_on_its_own_port_and_is_gone_after_dispose()
    {
        var server = await RedisServer.StartAsync();
        var port = server.Port;
        Assert.Equal($"127.0.0.1:{port}", server.ConnectionString);
        Assert.Equal("+OK", await SendAsync(port, "SET greeting hello"));
        Assert.Equal("$5\r\nhello", await SendAsync(port, "GET greeting"));

        await server.DisposeAsync();

        await Assert.ThrowsAnyAsync<SocketException>(() => SendAsync(port, "PING"));
    }

    private static async Task<string> SendAsync(int port, string command)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"));
        var buffer = new byte[256];
        var read = await stream.ReadAsync(buffer);
        return Encoding.ASCII.GetString(buffer, 0, read).TrimEnd('\r', '\n');
    }
}
