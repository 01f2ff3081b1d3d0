using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Vibe.Bench.Preview;

/// <summary>
/// What preview-throughput holds Vibe's proxy against, in a process of its own (the bench run with <see cref="Argument"/>)
/// so that, like WebFront, it has its own threads and heap: a bare ASP.NET Core app that forwards every request to the
/// target with YARP's <c>MapForwarder</c> and nothing else, and a TCP relay copying bytes both ways through 64 KiB buffers,
/// the least any proxy in user space does. It prints each listener's address on a line and ends when its input closes.
/// </summary>
internal static class BareProxies
{
    public const string Argument = "--bare-proxies";

    private const int RelayBufferSize = 64 * 1024;

    /// <summary>The child process's body: serves until standard input closes (the bench ended or died).</summary>
    public static async Task<int> RunAsync(Uri target)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddHttpForwarder();
        await using var app = builder.Build();
        app.MapForwarder("/{**path}", target.GetLeftPart(UriPartial.Authority));
        await app.StartAsync();
        var forwarder = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        using var relay = new TcpListener(IPAddress.Loopback, 0);
        relay.Start();
        var relaying = AcceptAsync(relay, new IPEndPoint(IPAddress.Parse(target.Host), target.Port));

        Console.WriteLine($"forwarder {forwarder}");
        Console.WriteLine($"relay http://127.0.0.1:{((IPEndPoint)relay.LocalEndpoint).Port}");
        await Console.Out.FlushAsync();

        await using (var input = Console.OpenStandardInput())
        {
            var ignored = new byte[64];
            while (await input.ReadAsync(ignored) > 0)
            {
                // Nothing is sent; the input only closes.
            }
        }

        relay.Stop();
        await relaying;
        await app.StopAsync();
        return 0;
    }

    /// <summary>Starts the child process for <paramref name="target"/> and reads the two addresses it serves at.</summary>
    public static async Task<Child> StartAsync(Uri target)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
            ArgumentList = { typeof(BareProxies).Assembly.Location, Argument, target.ToString() },

            // The same garbage collector as WebFront (the Web SDK's default, server GC), not the bench's own.
            Environment = { ["DOTNET_gcServer"] = "1", ["DOTNET_gcConcurrent"] = "1" },
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the bare proxies.");
        var child = new Child(process);
        try
        {
            var forwarder = await ReadAddressAsync(process, "forwarder ");
            var relay = await ReadAddressAsync(process, "relay ");
            child.Forwarder = forwarder;
            child.Relay = relay;
            return child;
        }
        catch
        {
            await child.DisposeAsync();
            throw;
        }
    }

    private static async Task<Uri> ReadAddressAsync(Process process, string prefix)
    {
        var line = await process.StandardOutput.ReadLineAsync()
            ?? throw new InvalidOperationException($"The bare proxies exited ({prefix.Trim()} address expected).");
        return line.StartsWith(prefix, StringComparison.Ordinal)
            ? new Uri(line[prefix.Length..].TrimEnd('/') + "/")
            : throw new InvalidOperationException($"The bare proxies said '{line}', not the {prefix.Trim()} address.");
    }

    private static async Task AcceptAsync(TcpListener listener, IPEndPoint target)
    {
        try
        {
            while (true)
            {
                _ = RelayAsync(await listener.AcceptSocketAsync(), target);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // The listener stopped; open connections end with the process.
        }
    }

    private static async Task RelayAsync(Socket client, IPEndPoint target)
    {
        using (client)
        {
            using var server = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            client.NoDelay = true;
            try
            {
                await server.ConnectAsync(target);
                await Task.WhenAll(CopyAsync(client, server), CopyAsync(server, client));
            }
            catch (SocketException)
            {
                // Either side went away: the bench's client when it ends.
            }
        }
    }

    private static async Task CopyAsync(Socket from, Socket to)
    {
        var buffer = new byte[RelayBufferSize];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None);
                if (read == 0)
                {
                    break;
                }

                for (var sent = 0; sent < read;)
                {
                    sent += await to.SendAsync(buffer.AsMemory(sent, read - sent), SocketFlags.None);
                }
            }

            to.Shutdown(SocketShutdown.Send);
        }
        catch (SocketException)
        {
            // The other direction's end closes both sockets.
            from.Close();
            to.Close();
        }
    }

    /// <summary>The running child: where each proxy listens; disposing it closes its input and waits for it to end.</summary>
    internal sealed class Child(Process process) : IAsyncDisposable
    {
        public Uri Forwarder { get; set; } = null!;

        public Uri Relay { get; set; } = null!;

        public TimeSpan ProcessorTime
        {
            get
            {
                process.Refresh();
                return process.TotalProcessorTime;
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (!process.HasExited)
            {
                process.StandardInput.Close();
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                try
                {
                    await process.WaitForExitAsync(timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    process.Kill();
                }
            }

            process.Dispose();
        }
    }
}
