using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Vibe.TestSupport;
using Vibe.WebFront.Tests.Workspaces;

namespace Vibe.WebFront.Tests.Preview;

/// <summary>
/// The live preview against real containers, through a WebFront on Kestrel (WebSocket upgrades need a real server): a
/// busybox httpd in a blank workspace serves a page and CGI scripts, and <c>nc</c> answers an upgrade and echoes bytes.
/// The app and one running team workspace are shared by the class (<see cref="Site"/>); the wake test makes its own
/// workspace. A test that changes what the shared workspace exposes (a public port) changes it back.
/// </summary>
[Collection(WebFrontCollection.Name)]
public sealed class PreviewProxyTests(PreviewProxyTests.Site site) : IClassFixture<PreviewProxyTests.Site>
{
    private const string Domain = "preview.localhost";

    private Uri Server => site.Server;

    private WorkspaceTestApp App => site.App;

    private TestUser Owner => site.Owner;

    private TestUser Viewer => site.Viewer;

    private TestUser Stranger => site.Stranger;

    private string Workspace => site.Workspace;

    [Fact]
    public async Task Ports_lists_what_the_workspace_listens_on_and_which_listen_on_loopback_only()
    {
        var ports = await PortsAsync(Viewer);
        Assert.Contains(new PortView(8000, false, false), ports);
        Assert.Contains(new PortView(9001, true, false), ports);

        var (strangerStatus, _) = await App.SendAsync(Stranger, HttpMethod.Get, $"/api/v1/workspaces/{Workspace}/ports");
        Assert.Equal(HttpStatusCode.NotFound, strangerStatus);
        var (badPort, problem) = await App.SendAsync(Owner, HttpMethod.Post, $"/api/v1/workspaces/{Workspace}/ports/70000/preview");
        Assert.Equal(HttpStatusCode.BadRequest, badPort);
        Assert.Contains("1 to 65535", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_preview_link_opens_the_page_in_the_host_and_path_forms_and_the_app_never_sees_Vibes_credentials()
    {
        var link = await App.CallAsync(Viewer, HttpMethod.Post, $"/api/v1/workspaces/{Workspace}/ports/8000/preview");
        using var browser = Browser(out var cookies);
        foreach (var form in new[] { "url", "pathUrl" })
        {
            var url = link.GetProperty(form).GetString()!;
            using var page = await browser.GetAsync(url);
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("hello preview\n", await page.Content.ReadAsStringAsync());
            Assert.DoesNotContain("vibe_preview_token", page.RequestMessage!.RequestUri!.Query, StringComparison.Ordinal);
        }

        // The Preview tab frames the host form from the app's origin, another site: only a SameSite=None cookie (which
        // must be Secure, kept on http://*.localhost) reaches it there.
        Assert.All(cookies.SetCookies, c => Assert.Contains("; secure; samesite=none;", c + ";", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(2, cookies.SetCookies.Count);

        using var request = new HttpRequestMessage(HttpMethod.Get, HostForm(8000, "/cgi-bin/env"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Owner.AccessToken);
        request.Headers.Add("Cookie", "vibe_refresh=secret; app=kept");
        using var env = await browser.SendAsync(request);
        var text = await env.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, env.StatusCode);
        Assert.Contains("cookie=app=kept\n", text, StringComparison.Ordinal);
        Assert.Contains("authorization=\n", text, StringComparison.Ordinal);
        Assert.Contains($"host=8000-{Workspace}.{Domain}", text, StringComparison.Ordinal);
        Assert.DoesNotContain("vibe_", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stranger_gets_404_a_public_port_opens_to_anyone_until_the_owner_takes_it_back()
    {
        using var anonymous = Browser();
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(HostForm(8000, "/"))).StatusCode);
        var viewerLink = await App.CallAsync(Viewer, HttpMethod.Post, $"/api/v1/workspaces/{Workspace}/ports/8000/preview");
        var otherPort = viewerLink.GetProperty("url").GetString()!.Replace("//8000-", "//9001-", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await anonymous.GetAsync(otherPort)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await App.SendAsync(Stranger, HttpMethod.Post, $"/api/v1/workspaces/{Workspace}/ports/8000/preview")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await App.SendAsync(Viewer, HttpMethod.Put, $"/api/v1/workspaces/{Workspace}/ports/8000/public")).Status);

        await App.CallAsync(Owner, HttpMethod.Put, $"/api/v1/workspaces/{Workspace}/ports/8000/public");
        using (var open = await anonymous.GetAsync(new Uri(Server, $"/preview/{Workspace}/8000/")))
        {
            Assert.Equal(HttpStatusCode.OK, open.StatusCode);
            Assert.Equal("hello preview\n", await open.Content.ReadAsStringAsync());
        }

        Assert.Contains(await PortsAsync(Owner), p => p.Port == 8000 && p.Public);
        await App.CallAsync(Owner, HttpMethod.Delete, $"/api/v1/workspaces/{Workspace}/ports/8000/public");
        using var closed = await anonymous.GetAsync(new Uri(Server, $"/preview/{Workspace}/8000/"));
        Assert.Equal(HttpStatusCode.NotFound, closed.StatusCode);
        Assert.Equal("Not found.", await closed.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_port_nobody_listens_on_answers_404_with_a_page_that_reloads()
    {
        using var browser = await OpenedAsync(Owner, 8999);
        using var response = await browser.GetAsync(HostForm(8999, "/"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("Nothing listens on port 8999", page, StringComparison.Ordinal);
        Assert.Contains("http-equiv=\"refresh\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_response_streams_through_the_proxy_without_waiting_for_its_end()
    {
        using var browser = await OpenedAsync(Owner, 8000);
        using var response = await browser.GetAsync(HostForm(8000, "/cgi-bin/stream"), HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        // The script writes "second" only after the test creates /workspace/go: a buffering proxy would never show "first".
        Assert.Equal("first", await reader.ReadLineAsync());
        await WriteAsync(Workspace, "go", "");
        Assert.Equal("second", await reader.ReadLineAsync());
    }

    [Fact]
    public async Task An_upgraded_connection_carries_bytes_both_ways()
    {
        var visibility = await App.CallAsync(Owner, HttpMethod.Put, $"/api/v1/workspaces/{Workspace}/ports/9100/public");
        Assert.True(visibility.GetProperty("public").GetBoolean());
        await Eventually.Until(async () => (await PortsAsync(Owner)).Any(p => p.Port == 9100), "nc listens on 9100");
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(Server.Host, Server.Port);
        var stream = tcp.GetStream();
        var handshake = $"GET /preview/{Workspace}/9100/ HTTP/1.1\r\nHost: {Server.Authority}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(handshake));
        using var reader = new StreamReader(stream, Encoding.ASCII, leaveOpen: true);
        Assert.Equal("HTTP/1.1 101 Switching Protocols", await reader.ReadLineAsync());
        while (!string.IsNullOrEmpty(await reader.ReadLineAsync()))
        {
            // The rest of the response head.
        }

        await stream.WriteAsync("echo me\n"u8.ToArray());
        Assert.Equal("echo me", await reader.ReadLineAsync());
        await App.CallAsync(Owner, HttpMethod.Delete, $"/api/v1/workspaces/{Workspace}/ports/9100/public");
    }

    [Fact]
    public async Task A_stopped_workspaces_preview_starts_it_for_its_owner_but_not_for_a_viewer()
    {
        var id = (await App.CallAsync(Owner, HttpMethod.Post, "/api/v1/workspaces", new { name = "wake", template = "blank", network = "internet" })).GetProperty("id").GetString()!;
        using var browser = await OpenedAsync(Owner, 8000, id);

        using (var starting = await browser.GetAsync(HostForm(8000, "/", id)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, starting.StatusCode);
            Assert.Contains("Starting", await starting.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await Eventually.Until(async () => (await App.CallAsync(Owner, HttpMethod.Get, $"/api/v1/workspaces/{id}")).GetProperty("status").GetString() == "running",
            "the preview request started the workspace", TimeSpan.FromSeconds(60));
        await WriteAsync(id, "site/index.html", "awake\n");
        await ExecAsync(id, "busybox httpd -p 8000 -h /workspace/site");
        await Eventually.Until(async () =>
        {
            using var page = await browser.GetAsync(HostForm(8000, "/", id));
            return page.StatusCode == HttpStatusCode.OK && await page.Content.ReadAsStringAsync() == "awake\n";
        }, "the page arrives once the server listens");
    }

    private Task WriteAsync(string workspace, string path, string content) => WriteAsync(App, Owner, workspace, path, content);

    private Task ExecAsync(string workspace, string script) => ExecAsync(App, Owner, workspace, script);

    private static async Task WriteAsync(WorkspaceTestApp app, TestUser owner, string workspace, string path, string content) =>
        Assert.Equal(HttpStatusCode.NoContent, await app.WriteFileAsync(owner, workspace, path, Encoding.UTF8.GetBytes(content)));

    private static async Task ExecAsync(WorkspaceTestApp app, TestUser owner, string workspace, string script)
    {
        var result = await app.CallAsync(owner, HttpMethod.Post, $"/api/v1/workspaces/{workspace}/exec", new { command = new[] { "sh", "-c", script } });
        Assert.True(result.GetProperty("exitCode").GetInt32() == 0, result.ToString());
    }

    private async Task<List<PortView>> PortsAsync(TestUser user)
    {
        var ports = await App.CallAsync(user, HttpMethod.Get, $"/api/v1/workspaces/{Workspace}/ports");
        return [.. ports.EnumerateArray().Select(p => new PortView(p.GetProperty("port").GetInt32(), p.GetProperty("loopbackOnly").GetBoolean(), p.GetProperty("public").GetBoolean()))];
    }

    /// <summary>A client that keeps cookies and follows redirects, like a browser, and has opened the preview link of <paramref name="user"/>.</summary>
    private async Task<HttpClient> OpenedAsync(TestUser user, int port, string? workspace = null)
    {
        workspace ??= Workspace;
        var link = await App.CallAsync(user, HttpMethod.Post, $"/api/v1/workspaces/{workspace}/ports/{port}/preview");
        var browser = Browser();
        using var response = await browser.GetAsync(link.GetProperty("url").GetString()!);
        return browser;
    }

    /// <summary>
    /// A client of the Kestrel server that sends every <c>*.preview.localhost</c> name to it (as browsers do to loopback),
    /// keeps cookies as Chromium does on <c>http://*.localhost</c> and follows redirects.
    /// </summary>
    private HttpClient Browser() => Browser(out _);

    private HttpClient Browser(out LocalhostBrowser browser)
    {
        browser = new LocalhostBrowser(PreviewLoopback.Handler(Server));
        return new HttpClient(browser);
    }

    private string HostForm(int port, string path, string? workspace = null) => $"http://{port}-{workspace ?? Workspace}.{Domain}:{Server.Port}{path}";

    /// <summary>
    /// One WebFront on Kestrel for the class, its owner, a viewer of the owner's team and a stranger, and the team's running
    /// blank workspace serving <c>site/</c> with busybox httpd on 8000 (and on 127.0.0.1:9001 only), with an upgrade
    /// answered by <c>nc</c> on 9100.
    /// </summary>
    public sealed class Site(WebFrontFixture fixture) : IAsyncLifetime
    {
        private WorkspaceTestApp? _app;
        private Uri? _server;
        private TestUser? _owner;
        private TestUser? _viewer;
        private TestUser? _stranger;
        private string? _workspace;

        public Uri Server => _server!;

        public TestUser Owner => _owner!;

        public TestUser Viewer => _viewer!;

        public TestUser Stranger => _stranger!;

        public string Workspace => _workspace!;

        internal WorkspaceTestApp App => _app!;

        public async Task InitializeAsync()
        {
            var factory = await fixture.CreateFactoryAsync();
            _app = new WorkspaceTestApp(factory);
            factory.UseKestrel(0);
            factory.StartServer();
            _server = new Uri(factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            _owner = await App.RegisterAsync();
            _viewer = await App.RegisterAsync();
            _stranger = await App.RegisterAsync();
            var team = await App.CreateTeamAsync(Owner, (Viewer, "Viewer"));
            var created = await App.CallAsync(Owner, HttpMethod.Post, "/api/v1/workspaces", new { name = "preview", template = "blank", teamId = team, network = "internet" });
            _workspace = created.GetProperty("id").GetString()!;
            await App.CallAsync(Owner, HttpMethod.Post, $"/api/v1/workspaces/{Workspace}/start");
            await WriteAsync(App, Owner, Workspace, "site/index.html", "hello preview\n");
            await WriteAsync(App, Owner, Workspace, "site/cgi-bin/env", "#!/bin/sh\nprintf 'Content-Type: text/plain\\r\\n\\r\\n'\necho \"cookie=$HTTP_COOKIE\"\necho \"authorization=$HTTP_AUTHORIZATION\"\necho \"host=$HTTP_HOST\"\n");
            await WriteAsync(App, Owner, Workspace, "site/cgi-bin/stream", "#!/bin/sh\nprintf 'Content-Type: text/plain\\r\\n\\r\\n'\necho first\nwhile [ ! -f /workspace/go ]; do sleep 0.1; done\necho second\n");
            await WriteAsync(App, Owner, Workspace, "upgrade.sh", "#!/bin/sh\nwhile IFS= read -r line; do [ -z \"$(printf '%s' \"$line\" | tr -d '\\r')\" ] && break; done\nprintf 'HTTP/1.1 101 Switching Protocols\\r\\nUpgrade: websocket\\r\\nConnection: Upgrade\\r\\n\\r\\n'\nexec cat\n");
            await ExecAsync(App, Owner, Workspace, "chmod +x /workspace/site/cgi-bin/* /workspace/upgrade.sh && busybox httpd -p 8000 -h /workspace/site && busybox httpd -p 127.0.0.1:9001 -h /workspace/site && (nc -l -p 9100 -e /workspace/upgrade.sh >/dev/null 2>&1 &)");
        }

        public async Task DisposeAsync()
        {
            if (_app is not null)
            {
                await _app.DisposeAsync();
            }
        }
    }

    private sealed record PortView(int Port, bool LoopbackOnly, bool Public);

    /// <summary>
    /// Keeps cookies and follows redirects as a browser does. <see cref="CookieContainer"/> sends Secure cookies over https
    /// only, but browsers keep them for <c>http://localhost</c> and <c>*.localhost</c> (potentially trustworthy origins), so
    /// cookies are stored and looked up under the https form of the address. <see cref="SetCookies"/> holds every
    /// Set-Cookie header seen, to check the cookie's attributes.
    /// </summary>
    private sealed class LocalhostBrowser(HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        private const int MaxRedirects = 5;
        private readonly CookieContainer _cookies = new();

        public List<string> SetCookies { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            for (var redirects = 0; ; redirects++)
            {
                var cookieAddress = new UriBuilder(request.RequestUri!) { Scheme = Uri.UriSchemeHttps }.Uri;
                var cookies = _cookies.GetCookieHeader(cookieAddress);
                if (cookies.Length > 0)
                {
                    request.Headers.TryAddWithoutValidation("Cookie", cookies);
                }

                var response = await base.SendAsync(request, cancellationToken);
                if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
                {
                    foreach (var setCookie in setCookies)
                    {
                        SetCookies.Add(setCookie);
                        _cookies.SetCookies(cookieAddress, setCookie);
                    }
                }

                if (response.Headers.Location is not { } location || (int)response.StatusCode is < 300 or >= 400 || redirects == MaxRedirects)
                {
                    return response;
                }

                var next = new Uri(request.RequestUri!, location);
                response.Dispose();
                request = new HttpRequestMessage(HttpMethod.Get, next);
            }
        }
    }
}
