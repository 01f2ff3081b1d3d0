using System.Net;
using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Vibe.TestSupport;
using Vibe.WebFront.Preview;
using Vibe.WebFront.Tests.Workspaces;

namespace Vibe.WebFront.Tests.Preview;

/// <summary>
/// The preview proxy in front of the servers people run in the templates: <c>python3 -m http.server</c> in a python
/// workspace (a page, a CGI response that streams, a port nobody listens on) and a Node server echoing WebSocket messages
/// in a node workspace, reached with <see cref="ClientWebSocket"/> over the preview's host name. Both workspaces are on the
/// Internal network, private, and shared by the class; requests carry the owner's preview cookie, as a browser does.
/// </summary>
[Collection(WebFrontCollection.Name)]
public sealed class PreviewTemplateServerTests(PreviewTemplateServerTests.Servers servers) : IClassFixture<PreviewTemplateServerTests.Servers>
{
    private const string Domain = "preview.localhost";
    private const int PythonPort = 8000;
    private const int NodePort = 8080;
    private const string PythonPage = "<!doctype html><title>python</title><p>served by python3 -m http.server</p>\n";

    // Answers the handshake of RFC 6455 and echoes unfragmented frames, with Node's own modules only (no npm install).
    private const string EchoServer = """
        const http = require('http');
        const crypto = require('crypto');
        const handshakeGuid = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
        const frame = (opcode, payload) => Buffer.concat([
          payload.length < 126
            ? Buffer.from([0x80 | opcode, payload.length])
            : Buffer.from([0x80 | opcode, 126, payload.length >> 8, payload.length & 0xff]),
          payload,
        ]);
        const server = http.createServer((request, response) => {
          response.writeHead(200, { 'Content-Type': 'text/plain' });
          response.end('node echo server\n');
        });
        server.on('upgrade', (request, socket, head) => {
          const accept = crypto.createHash('sha1').update(request.headers['sec-websocket-key'] + handshakeGuid).digest('base64');
          socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ' + accept + '\r\n\r\n');
          socket.on('error', () => socket.destroy());
          let pending = head;
          socket.on('data', (chunk) => {
            pending = Buffer.concat([pending, chunk]);
            while (pending.length >= 2) {
              const opcode = pending[0] & 0x0f;
              let length = pending[1] & 0x7f;
              let offset = 2;
              if (length === 126) {
                if (pending.length < 4) return;
                length = pending.readUInt16BE(2);
                offset = 4;
              } else if (length === 127) {
                socket.destroy();
                return;
              }
              if (pending.length < offset + 4 + length) return;
              const mask = pending.subarray(offset, offset + 4);
              const payload = Buffer.from(pending.subarray(offset + 4, offset + 4 + length));
              for (let i = 0; i < payload.length; i++) payload[i] ^= mask[i % 4];
              pending = pending.subarray(offset + 4 + length);
              if (opcode === 1) socket.write(frame(1, Buffer.concat([Buffer.from('echo: '), payload])));
              else if (opcode === 9) socket.write(frame(10, payload));
              else if (opcode === 8) { socket.end(frame(8, payload)); return; }
            }
          });
        });
        server.listen(8080, '0.0.0.0');
        """;

    [Fact]
    public async Task Pythons_HTTP_server_serves_its_page_through_the_proxy()
    {
        using var response = await GetAsync(servers.Python, "/index.html");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(PythonPage, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Pythons_HTTP_server_streams_a_CGI_response_through_the_proxy_without_waiting_for_its_end()
    {
        using var response = await GetAsync(servers.Python, "/cgi-bin/stream", HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        // The script writes "second" only once the test creates the file it waits for: a buffering proxy would show nothing.
        Assert.Equal("first", await reader.ReadLineAsync());
        await servers.WriteAsync(servers.Python, "stream-go", "");
        Assert.Equal("second", await reader.ReadLineAsync());
        Assert.Null(await reader.ReadLineAsync());
    }

    [Fact]
    public async Task A_port_nobody_listens_on_in_the_Python_workspace_answers_404_with_the_proxys_page_not_the_app()
    {
        var idle = servers.Python with { Port = 8001, Token = await servers.TokenAsync(servers.Python.WorkspaceId, 8001) };

        using var response = await GetAsync(idle, "/index.html");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("Nothing listens on port 8001", page, StringComparison.Ordinal);
        Assert.DoesNotContain("python3 -m http.server", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_Node_WebSocket_server_echoes_a_message_sent_through_the_preview_host_name()
    {
        using var invoker = new HttpMessageInvoker(PreviewLoopback.Handler(servers.Server));
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Cookie", $"{PreviewProxy.CookieName}={servers.Node.Token}");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await socket.ConnectAsync(new Uri($"ws://{NodePort}-{servers.Node.WorkspaceId}.{Domain}:{servers.Server.Port}/echo"), invoker, timeout.Token);

        await socket.SendAsync("hello through the preview"u8.ToArray(), WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
        var buffer = new byte[256];
        var received = await socket.ReceiveAsync(buffer.AsMemory(), timeout.Token);

        Assert.Equal(WebSocketMessageType.Text, received.MessageType);
        Assert.True(received.EndOfMessage);
        Assert.Equal("echo: hello through the preview", Encoding.UTF8.GetString(buffer, 0, received.Count));
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
    }

    private Task<HttpResponseMessage> GetAsync(TemplateServer server, string path, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead) =>
        servers.GetAsync(server, path, completion);

    /// <summary>A running workspace, the port its server listens on, and the owner's preview token for that port.</summary>
    public sealed record TemplateServer(string WorkspaceId, int Port, string Token);

    /// <summary>
    /// One WebFront on Kestrel (WebSocket upgrades need a real server) with a python and a node workspace started side by
    /// side, each running its server. The first start of a template builds its image when the machine has none (minutes).
    /// </summary>
    public sealed class Servers(WebFrontFixture fixture) : IAsyncLifetime
    {
        private static readonly TimeSpan s_startTimeout = TimeSpan.FromMinutes(6);

        private WebFrontFactory? _factory;
        private WorkspaceTestApp? _app;
        private TestUser? _owner;
        private HttpClient? _browser;
        private TemplateServer? _python;
        private TemplateServer? _node;

        public Uri Server { get; private set; } = null!;

        public TemplateServer Python => _python!;

        public TemplateServer Node => _node!;

        private WorkspaceTestApp App => _app!;

        private TestUser Owner => _owner!;

        public async Task InitializeAsync()
        {
            _factory = await fixture.CreateFactoryAsync();
            _factory.UseKestrel(0);
            _factory.StartServer();
            Server = new Uri(_factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            _app = new WorkspaceTestApp(_factory, ownsFactory: false);
            _browser = new HttpClient(PreviewLoopback.Handler(Server));
            _owner = await App.RegisterAsync();

            var python = StartServerAsync(
                "python",
                PythonPort,
                new Dictionary<string, string>
                {
                    ["site/index.html"] = PythonPage,
                    ["site/cgi-bin/stream"] = "#!/bin/sh\nprintf 'Content-Type: text/plain\\r\\n\\r\\n'\necho first\nwhile [ ! -f /workspace/stream-go ]; do sleep 0.1; done\necho second\n",
                },
                $"chmod +x /workspace/site/cgi-bin/stream && cd /workspace/site && (python3 -m http.server --cgi {PythonPort} >/tmp/http-server.log 2>&1 &)");
            var node = StartServerAsync("node", NodePort, new Dictionary<string, string> { ["echo.js"] = EchoServer }, "(node /workspace/echo.js >/tmp/echo.log 2>&1 &)");
            _python = await python;
            _node = await node;
        }

        public async Task DisposeAsync()
        {
            _browser?.Dispose();
            if (_factory is not null)
            {
                await _factory.DisposeAsync();
            }
        }

        /// <summary>A GET of <paramref name="path"/> on the server's preview host name, with the owner's preview cookie.</summary>
        public async Task<HttpResponseMessage> GetAsync(TemplateServer server, string path, HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"http://{server.Port}-{server.WorkspaceId}.{Domain}:{Server.Port}{path}");
            request.Headers.Add("Cookie", $"{PreviewProxy.CookieName}={server.Token}");
            return await _browser!.SendAsync(request, completion);
        }

        /// <summary>The owner's preview token for the port, from the link the API hands out.</summary>
        public async Task<string> TokenAsync(string workspaceId, int port)
        {
            var link = await App.CallAsync(Owner, HttpMethod.Post, $"/api/v1/workspaces/{workspaceId}/ports/{port}/preview");
            return QueryHelpers.ParseQuery(new Uri(link.GetProperty("url").GetString()!).Query)[PreviewProxy.TokenParameter].ToString();
        }

        public async Task WriteAsync(TemplateServer server, string path, string content) =>
            Assert.Equal(HttpStatusCode.NoContent, await App.WriteFileAsync(Owner, server.WorkspaceId, path, Encoding.UTF8.GetBytes(content)));

        private async Task<TemplateServer> StartServerAsync(string template, int port, Dictionary<string, string> files, string script)
        {
            var created = await App.CallAsync(Owner, HttpMethod.Post, "/api/v1/workspaces", new { name = template + " preview", template, network = "internal", start = true });
            var id = created.GetProperty("id").GetString()!;
            await Eventually.Until(
                async () =>
                {
                    var workspace = await App.CallAsync(Owner, HttpMethod.Get, $"/api/v1/workspaces/{id}");
                    return workspace.GetProperty("status").GetString() switch
                    {
                        "running" => true,
                        "failed" => throw new InvalidOperationException($"The {template} workspace failed to start: {workspace}"),
                        _ => false,
                    };
                },
                $"the {template} workspace to run",
                s_startTimeout);

            var server = new TemplateServer(id, port, await TokenAsync(id, port));
            foreach (var (path, content) in files)
            {
                await WriteAsync(server, path, content);
            }

            var exec = await App.CallAsync(Owner, HttpMethod.Post, $"/api/v1/workspaces/{id}/exec", new { command = new[] { "sh", "-c", script } });
            Assert.True(exec.GetProperty("exitCode").GetInt32() == 0, exec.ToString());
            await Eventually.Until(
                async () =>
                {
                    using var response = await GetAsync(server, "/");
                    return response.StatusCode == HttpStatusCode.OK;
                },
                $"the {template} server to answer through the proxy",
                TimeSpan.FromSeconds(30));
            return server;
        }
    }
}
