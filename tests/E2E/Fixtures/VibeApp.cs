using System.Net;
using System.Reflection;
using System.Runtime.CompilerServices;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Playwright;
using Vibe.Docker;
using Vibe.Docker.Runtime;
using Vibe.TestSupport;

namespace Vibe.E2E.Tests.Fixtures;

/// <summary>
/// A whole Vibe as people run it — the WebFront process with its embedded silo, the SQLite default in a fresh data
/// directory, workspaces on the real Docker daemon — and a headless Chromium (Debian's, driven by Playwright) to use it
/// with. One per test class (<c>IClassFixture&lt;VibeApp&gt;</c>), so each class starts on a first run. Disposing it
/// stops the app, removes its workspace containers and deletes the data directory.
/// </summary>
public sealed class VibeApp : IAsyncLifetime, IBrowserApp
{
    /// <summary>Debian's Chromium; VIBE_CHROMIUM names another Chromium binary.</summary>
    public static readonly string ChromiumPath = Environment.GetEnvironmentVariable("VIBE_CHROMIUM") is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>The repository this test assembly was built from: screenshots go to its docs/, failure reports to its artifacts/.</summary>
    public static readonly string RepositoryRoot = typeof(VibeApp).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "VibeRepositoryRoot").Value!;

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "vibe-e2e-" + Guid.NewGuid().ToString("N")[..12]);
    private readonly string _serviceId = "e2e-" + Guid.NewGuid().ToString("N")[..10];
    private IDockerClient? _docker;
    private DockerDaemon? _daemon;
    private WebFrontProcess? _webFront;
    private Dictionary<string, string> _settings = [];
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private HttpClient? _http;

    static VibeApp()
    {
        // Generous: CI has two slow cores, and a failed expectation only costs its own wait.
        Assertions.SetDefaultExpectTimeout(30_000);
    }

    /// <summary>Configuration the app starts with beside the defaults (e.g. the AI provider); set before <see cref="InitializeAsync"/>.</summary>
    internal Dictionary<string, string> ExtraSettings { get; } = new(StringComparer.Ordinal);

    /// <summary>Where the app serves, e.g. http://127.0.0.1:41234/.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    internal VibeApi Api { get; private set; } = null!;

    internal IBrowser Browser => _browser ?? throw new InvalidOperationException("The app is not started.");

    VibeApi IBrowserApp.Api => Api;

    IBrowser IBrowserApp.Browser => Browser;

    /// <summary>What the WebFront process printed so far.</summary>
    public string ServerOutput => _webFront?.Output ?? "";

    public async Task InitializeAsync()
    {
        EnsureChromium();
        _docker = DockerEngine.Connect();
        _daemon = await DockerDaemon.EnsureRunningAsync(_docker, Path.Combine(Path.GetTempPath(), "vibe-e2e-dockerd.log"));

        Directory.CreateDirectory(_dataDirectory);
        var settings = new Dictionary<string, string>(ExtraSettings, StringComparer.Ordinal)
        {
            ["Vibe:DataDirectory"] = _dataDirectory,
            // Docker.Tests check the workspace firewall with chains of their own; the app under test leaves the machine's iptables alone.
            ["Vibe:Workspaces:Network:Firewall"] = "false",
            // Names and labels this app's workspace containers, so that disposing removes exactly those.
            ["Vibe:Silo:ServiceId"] = _serviceId,
        };

        // The scenarios register their people through the API; those about sign-up set the policy themselves.
        settings.TryAdd("Vibe:Auth:SignUp", "Open");
        _settings = settings;
        await StartWebFrontAsync();

        _playwright = await Playwright.CreateAsync();
        _browser = await LaunchChromiumAsync(_playwright);
    }

    /// <summary>Fails saying how to get Chromium when it is not installed.</summary>
    internal static void EnsureChromium()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"Chromium is not installed at {ChromiumPath}: install Debian's chromium (`apt-get install chromium`; ./test.sh does) or set VIBE_CHROMIUM to a Chromium binary.");
        }
    }

    /// <summary>Starts the headless Chromium the scenarios drive.</summary>
    internal static Task<IBrowser> LaunchChromiumAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });

    /// <summary>
    /// Stops the WebFront process as an operator would (SIGTERM) and starts it again with the same settings on the same
    /// data directory; it listens on a new port, so <see cref="BaseUrl"/> and <see cref="Api"/> change (sign in again).
    /// </summary>
    internal async Task RestartAsync()
    {
        _http?.Dispose();
        if (_webFront is not null)
        {
            await _webFront.DisposeAsync();
            _webFront = null;
        }

        await StartWebFrontAsync();
    }

    /// <summary>A scenario of the calling test: the browser pages it opens are reported to artifacts/e2e/ if it does not pass.</summary>
    internal Scenario Scenario([CallerMemberName] string testName = "") => new(this, testName);

    public async Task DisposeAsync()
    {
        try
        {
            if (_browser is not null)
            {
                await _browser.DisposeAsync();
            }

            _playwright?.Dispose();
            _http?.Dispose();
            if (_webFront is not null)
            {
                await _webFront.DisposeAsync();
            }
        }
        finally
        {
            // Even when stopping the browser or the server failed: its containers would outlive the run.
            if (_docker is not null)
            {
                await ServiceContainers.RemoveAsync(_docker, _serviceId);
                await RemoveNetworksAsync(_docker, _serviceId);
                _docker.Dispose();
            }
        }

        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
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

    /// <summary>Removes the workspace networks (Internal and Internet policies) of this app's workspaces, once their containers are gone.</summary>
    private static async Task RemoveNetworksAsync(IDockerClient docker, string serviceId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"{ContainerLabels.Service}={serviceId}"] = true } };
        foreach (var network in await docker.Networks.ListNetworksAsync(new NetworksListParameters { Filters = filters }, timeout.Token))
        {
            try
            {
                await docker.Networks.DeleteNetworkAsync(network.ID, timeout.Token);
            }
            catch (DockerApiException exception) when (exception.StatusCode is HttpStatusCode.NotFound)
            {
                // Removed already (deleting its workspace removes it).
            }
        }
    }

    private async Task StartWebFrontAsync()
    {
        (_webFront, var url) = await WebFrontProcess.StartAsync(_settings);
        BaseUrl = url;
        _http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(60) };
        Api = new VibeApi(_http);
    }
}
