using System.Net;
using System.Net.Http.Json;
using Docker.DotNet;
using Docker.DotNet.Models;
using Vibe.Docker;
using Vibe.Docker.Runtime;
using Vibe.FakeProviders;
using Vibe.TestSupport;

namespace Vibe.Cli.Tests.Fixtures;

/// <summary>
/// A whole Vibe as people run it — the WebFront process with its embedded silo, SQLite in a fresh data directory,
/// workspaces on the real Docker daemon, and the fake AI provider server as its agent's model — for the vibe processes
/// the tests run. Shared by the test classes of <see cref="CliCollection"/>; disposing it stops WebFront, removes its
/// workspace containers and deletes the data directory and the users' home directories.
/// </summary>
public sealed class CliServer : IAsyncLifetime
{
    public const string Password = "correct horse battery staple";

    public static readonly TimeSpan AccessTokenLifetime = TimeSpan.FromSeconds(60);

    private readonly string _root = Path.Combine(Path.GetTempPath(), "vibe-cli-tests-" + Guid.NewGuid().ToString("N")[..10]);
    private readonly string _serviceId = "cli-" + Guid.NewGuid().ToString("N")[..10];
    private readonly IReadOnlyDictionary<string, string> _settings;
    private IDockerClient? _docker;
    private DockerDaemon? _daemon;
    private WebFrontProcess? _webFront;
    private FakeProviderServer? _fake;
    private HttpClient? _http;

    public CliServer()
        : this(new Dictionary<string, string>())
    {
    }

    /// <param name="settings">Settings added to (or replacing) the ones every test server has, e.g. Kafka streams (<see cref="KafkaCliServer"/>).</param>
    internal CliServer(IReadOnlyDictionary<string, string> settings) => _settings = settings;

    public Uri Url { get; private set; } = null!;

    public FakeProviderServer Fake => _fake ?? throw new InvalidOperationException("The server is not started.");

    /// <summary>What WebFront printed so far, for failure messages.</summary>
    public string ServerOutput => _webFront?.Output ?? "";

    public async Task InitializeAsync()
    {
        _docker = DockerEngine.Connect();
        _daemon = await DockerDaemon.EnsureRunningAsync(_docker, Path.Combine(Path.GetTempPath(), "vibe-cli-tests-dockerd.log"));
        _fake = await FakeProviderServer.StartAsync();
        var provider = _fake.AnthropicSettings("claude-fake");
        Directory.CreateDirectory(_root);
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Vibe:DataDirectory"] = Path.Combine(_root, "data"),
            // Docker.Tests check the workspace firewall with chains of their own; the server under test leaves the machine's iptables alone.
            ["Vibe:Workspaces:Network:Firewall"] = "false",
            // A killed server would leave its nosuid bind mount of the workspaces' root behind (tested in Docker.Tests and Silo.Tests).
            ["Vibe:Workspaces:AllowSuidMount"] = "true",
            // Names and labels this server's workspace containers, so that disposing removes exactly those.
            ["Vibe:Silo:ServiceId"] = _serviceId,
            // Every test signs in several people from one address.
            ["Vibe:Auth:RequestsPerAddress"] = "10000",
            // The tests sign their people up themselves, not through invitations.
            ["Vibe:Auth:SignUp"] = "Open",
            // Short-lived access tokens: commands refresh them often, and hub connections outlive them (the server closes a
            // connection when its token expires, and vibe must reconnect and carry on).
            ["Vibe:Auth:AccessTokenLifetime"] = AccessTokenLifetime.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
            ["Vibe:Agent:Provider:Kind"] = provider.Kind.ToString(),
            ["Vibe:Agent:Provider:Endpoint"] = provider.Endpoint!.ToString(),
            ["Vibe:Agent:Provider:ApiKey"] = provider.ApiKey,
            ["Vibe:Agent:Provider:Model"] = provider.Model,
        };
        foreach (var (key, value) in _settings)
        {
            settings[key] = value;
        }

        (_webFront, var url) = await WebFrontProcess.StartAsync(settings);
        Url = url;
        _http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>
    /// Registers a new account (a unique email starting with <paramref name="who"/>) and gives it a home directory of its
    /// own; with <paramref name="signIn"/> it also runs <c>vibe login</c> there.
    /// </summary>
    public async Task<CliUser> SignUpAsync(string who, bool signIn = true)
    {
        var email = $"{who}-{Guid.NewGuid().ToString("N")[..8]}@example.com";
        using var response = await _http!.PostAsJsonAsync("/api/v1/auth/register", new { email, password = Password, displayName = who });
        Assert.True(response.IsSuccessStatusCode, $"Registering {email}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        var home = Path.Combine(_root, "home-" + who + "-" + Guid.NewGuid().ToString("N")[..6]);
        Directory.CreateDirectory(home);
        var user = new CliUser(this, email, home);
        if (signIn)
        {
            var login = await user.RunAsync(["login", Url.ToString(), "--email", email, "--password-stdin"], Password + "\n");
            Assert.True(login.ExitCode == 0, $"vibe login failed: {login}");
        }

        return user;
    }

    public async Task DisposeAsync()
    {
        try
        {
            _http?.Dispose();
            if (_webFront is not null)
            {
                await _webFront.DisposeAsync();
            }

            if (_fake is not null)
            {
                await _fake.DisposeAsync();
            }
        }
        finally
        {
            // Even when stopping the server failed: its containers would outlive the run.
            if (_docker is not null)
            {
                await ServiceContainers.RemoveAsync(_docker, _serviceId);
                _docker.Dispose();
            }
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Files a container wrote as another user; the temp directory is cleaned eventually.
        }

        if (_daemon is not null)
        {
            await _daemon.DisposeAsync();
        }
    }
}
