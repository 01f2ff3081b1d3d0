using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Vibe.FakeProviders;
using Vibe.Grains.Agents.Models;
using Vibe.Grains.Interfaces.Agents;

namespace Vibe.Grains.Tests.Agents.Models;

/// <summary>
/// The provider clients' connect-time address check (SSRF): a team's endpoint on loopback, a name that resolves to
/// loopback, and a redirect from an allowed endpoint to another local one never reach the server; the installation's
/// provider and an endpoint the admin allowed do.
/// </summary>
public sealed class ProviderEndpointGuardTests : IAsyncLifetime, IDisposable
{
    private const string InternalName = "models.internal.test";

    private readonly ServiceProvider _services = new ServiceCollection()
        .AddAgentModels(o =>
        {
            o.MaxRetries = 0;

            // A resolver hook standing in for DNS: the name points at this machine, as a rebinding or internal name would.
            o.ResolveHost = (host, ct) => host == InternalName ? Task.FromResult(new[] { IPAddress.Loopback }) : Dns.GetHostAddressesAsync(host, ct);
        })
        .BuildServiceProvider();

    private FakeProviderServer _fake = null!;

    public async Task InitializeAsync() => _fake = await FakeProviderServer.StartAsync();

    public async Task DisposeAsync() => await _fake.DisposeAsync();

    public void Dispose() => _services.Dispose();

    [Theory]
    [InlineData(AgentProviderKind.Anthropic)]
    [InlineData(AgentProviderKind.OpenAI)]
    public async Task A_team_endpoint_on_loopback_is_refused_before_any_request_reaches_it(AgentProviderKind kind)
    {
        _fake.Enqueue(FakeTurn.Text("INTERNAL-SECRET-DATA db_password=hunter2"));
        var settings = Settings(kind, AgentEndpointTrust.PublicOnly);

        var error = await Assert.ThrowsAsync<AgentModelException>(() => CollectAsync(settings));

        Assert.Contains("127.0.0.1 is not a public address", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("INTERNAL-SECRET-DATA", error.Message, StringComparison.Ordinal);
        Assert.Empty(_fake.Requests);
    }

    [Theory]
    [InlineData(InternalName)]
    [InlineData("localhost")]
    public async Task A_team_endpoint_whose_name_resolves_to_loopback_is_refused(string host)
    {
        var settings = Settings(AgentProviderKind.OpenAI, AgentEndpointTrust.PublicOnly) with { Endpoint = new Uri($"http://{host}:{_fake.BaseAddress.Port}/v1") };

        var error = await Assert.ThrowsAsync<AgentModelException>(() => CollectAsync(settings));

        Assert.Contains($"{host} is not a public address", error.Message, StringComparison.Ordinal);
        Assert.Empty(_fake.Requests);
    }

    [Theory]
    [InlineData(AgentProviderKind.Anthropic)]
    [InlineData(AgentProviderKind.OpenAI)]
    public async Task With_the_SDKs_retrying_the_refusal_still_says_why(AgentProviderKind kind)
    {
        using var retrying = new ServiceCollection().AddAgentModels().BuildServiceProvider(); // the default: 2 retries
        var client = retrying.GetRequiredService<IAgentModelClientFactory>().Create(Settings(kind, AgentEndpointTrust.PublicOnly));

        var error = await Assert.ThrowsAsync<AgentModelException>(() => CollectAsync(client));

        Assert.Contains("127.0.0.1 is not a public address", error.Message, StringComparison.Ordinal);
        Assert.Empty(_fake.Requests);
    }

    [Fact]
    public async Task An_endpoint_the_admin_allowed_is_reached_on_its_private_address()
    {
        _fake.Enqueue(FakeTurn.Text("hello from the local model"));
        var settings = Settings(AgentProviderKind.OpenAI, AgentEndpointTrust.AllowedEndpoint) with { Endpoint = new Uri($"http://{InternalName}:{_fake.BaseAddress.Port}/v1") };

        var events = await CollectAsync(settings);

        Assert.Equal("hello from the local model", string.Concat(events.OfType<AgentTextDelta>().Select(d => d.Text)));
        Assert.Single(_fake.Requests);
    }

    [Fact]
    public async Task The_installations_provider_may_use_any_address()
    {
        _fake.Enqueue(FakeTurn.Text("installation"));

        var events = await CollectAsync(Settings(AgentProviderKind.Anthropic, AgentEndpointTrust.Any));

        Assert.Equal("installation", string.Concat(events.OfType<AgentTextDelta>().Select(d => d.Text)));
    }

    [Theory]
    [InlineData(AgentProviderKind.Anthropic)]
    [InlineData(AgentProviderKind.OpenAI)]
    public async Task A_redirect_from_an_allowed_endpoint_to_another_local_address_is_not_followed(AgentProviderKind kind)
    {
        _fake.Enqueue(FakeTurn.Text("INTERNAL-SECRET-DATA behind the redirect"));
        await using var redirector = await Redirector.StartAsync(_fake.BaseAddress);
        var fakeSettings = Settings(kind, AgentEndpointTrust.AllowedEndpoint);
        var settings = fakeSettings with { Endpoint = new Uri(redirector.BaseAddress, fakeSettings.Endpoint!.AbsolutePath) };

        var error = await Assert.ThrowsAsync<AgentModelException>(() => CollectAsync(settings));

        Assert.True(redirector.Redirected > 0, "The allowed endpoint was never asked.");
        Assert.Contains("is not a public address", error.Message, StringComparison.Ordinal);
        Assert.Empty(_fake.Requests);
    }

    private AgentProviderSettings Settings(AgentProviderKind kind, AgentEndpointTrust trust) =>
        kind == AgentProviderKind.Anthropic ? _fake.AnthropicSettings(trust: trust) : _fake.OpenAISettings(trust: trust);

    private Task<List<AgentModelEvent>> CollectAsync(AgentProviderSettings settings) =>
        CollectAsync(_services.GetRequiredService<IAgentModelClientFactory>().Create(settings));

    private static async Task<List<AgentModelEvent>> CollectAsync(IAgentModelClient client)
    {
        var request = new AgentModelRequest("system", [new AgentMessage(AgentMessageRole.User, [new AgentTextContent("hi")])], [], 256);
        var events = new List<AgentModelEvent>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await foreach (var e in client.StreamAsync(request, timeout.Token))
        {
            events.Add(e);
        }

        return events;
    }

    /// <summary>An HTTP server on loopback that answers every request with 307 to the same path on <c>target</c>.</summary>
    private sealed class Redirector : IAsyncDisposable
    {
        private readonly TcpListener _listener;
        private readonly Uri _target;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _loop;
        private int _redirected;

        private Redirector(TcpListener listener, Uri target)
        {
            _listener = listener;
            _target = target;
            _loop = Task.Run(AcceptAsync);
        }

        public Uri BaseAddress => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");

        public int Redirected => Volatile.Read(ref _redirected);

        public static Task<Redirector> StartAsync(Uri target)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return Task.FromResult(new Redirector(listener, target));
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            await _loop.ContinueWith(_ => { }, TaskScheduler.Default);
            _stop.Dispose();
        }

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                await using var stream = client.GetStream();
                var head = await ReadHeadAsync(stream);
                var path = head.Split(' ', 3)[1];
                var response = $"HTTP/1.1 307 Temporary Redirect\r\nLocation: {new Uri(_target, path)}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
                // Counted before it is sent: the client may act on the redirect before this loop runs again.
                Interlocked.Increment(ref _redirected);
                await stream.WriteAsync(Encoding.ASCII.GetBytes(response), _stop.Token);
            }
        }

        private async Task<string> ReadHeadAsync(NetworkStream stream)
        {
            var head = new StringBuilder();
            var buffer = new byte[4096];
            while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var read = await stream.ReadAsync(buffer, _stop.Token);
                if (read == 0)
                {
                    break;
                }

                head.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }

            return head.ToString();
        }
    }
}
