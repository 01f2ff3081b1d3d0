using System.Globalization;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Docker.DotNet;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Playwright;
using Orleans.Runtime;
using Vibe.Docker;
using Vibe.TestSupport;
using ClusterMember = Vibe.TestSupport.ClusterMember;

namespace Vibe.E2E.Tests.Fixtures;

/// <summary>
/// Vibe as a cluster, the way docs/cluster.md runs it: a grain Silo process (silo-1; a test adds more with
/// <see cref="AddGrainSiloAsync"/>) and WebFront as the thin <c>web</c> silo, grain state in a private PostgreSQL,
/// membership in a private Redis, workspaces on the real Docker engine, the fast failure-detection settings the docs give
/// for tests; and a headless Chromium pointed at the web silo. The grain silos share one data directory (as silos on one
/// machine may), so a workspace's files outlive the silo that wrote them. An Orleans client (through the web silo's gateway) asks the management grain where grains are. Disposing it
/// stops every process, removes the workspace containers and deletes the directories, also when starting failed.
/// </summary>
public sealed class ClusterApp : IAsyncLifetime, IBrowserApp
{
    /// <summary>docs/cluster.md, "Fast detection (tests)": a hung silo is counted out in seconds rather than a minute.</summary>
    private static readonly Dictionary<string, string> s_fastFailureDetection = new(StringComparer.Ordinal)
    {
        ["Vibe__Cluster__FailureDetection__ProbeTimeout"] = "00:00:01",
        ["Vibe__Cluster__FailureDetection__NumMissedProbesLimit"] = "2",
        ["Vibe__Cluster__FailureDetection__NumVotesForDeathDeclaration"] = "1",
        ["Vibe__Cluster__FailureDetection__TableRefreshTimeout"] = "00:00:02",
        ["Vibe__Cluster__FailureDetection__IAmAliveTablePublishTimeout"] = "00:00:02",
    };

    private static readonly TimeSpan s_joinTimeout = TimeSpan.FromSeconds(120);

    private readonly string _serviceId = "e2e-" + Guid.NewGuid().ToString("N")[..10];
    private readonly ClusterServers _servers = new();
    private IDockerClient? _docker;
    private DockerDaemon? _daemon;
    private readonly List<ClusterMember> _grainSilos = [];
    private LocalCluster? _cluster;
    private IHost? _client;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private HttpClient? _http;

    static ClusterApp()
    {
        Assertions.SetDefaultExpectTimeout(30_000);
    }

    /// <summary>The directory both grain silos keep workspaces in (<c>workspaces/ID/</c> is a workspace's <c>/workspace</c>).</summary>
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "vibe-e2e-cluster-" + Guid.NewGuid().ToString("N")[..12]);

    public Uri BaseUrl => Web.Url;

    /// <summary>The web silo (WebFront): the browser, the API and the hubs.</summary>
    internal ClusterMember Web { get; private set; } = null!;

    /// <summary>The grain silos started so far.</summary>
    internal IReadOnlyList<ClusterMember> GrainSilos => _grainSilos;

    internal VibeApi Api { get; private set; } = null!;

    VibeApi IBrowserApp.Api => Api;

    IBrowser IBrowserApp.Browser => _browser ?? throw new InvalidOperationException("The cluster is not started.");

    public string ServerOutput => _cluster?.Describe(linesPerSilo: 200) ?? "";

    public async Task InitializeAsync()
    {
        try
        {
            await StartAsync();
        }
        catch
        {
            // xunit does not dispose a fixture whose start failed: leave nothing behind.
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Starts one more grain silo named <paramref name="name"/> and waits until the web silo counts it active. On a machine
    /// loaded far beyond its cores, the fast failure detection may count a silo out while it is still joining; it then exits
    /// with code 2 so that a supervisor starts it again (docs/cluster.md, "When a silo stops"), and so does this, twice at most.
    /// </summary>
    internal async Task<ClusterMember> AddGrainSiloAsync(string name)
    {
        ClusterMember silo;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                silo = await _cluster!.StartMemberAsync(name);
                break;
            }
            catch (InvalidOperationException declaredDead) when (attempt < 3 && declaredDead.Message.Contains("exited with code 2", StringComparison.Ordinal))
            {
                // Started again below, as a new silo generation.
            }
        }

        _grainSilos.Add(silo);
        await Eventually.Until(
            async () => (await Web.ReadinessAsync())?.ActiveSilos == _grainSilos.Count + 1,
            $"the web silo to count {name} in",
            s_joinTimeout);
        return silo;
    }

    /// <summary>The grain silo that hosts an activation of <paramref name="grainClass"/> whose key contains <paramref name="keyPart"/>, if any.</summary>
    internal async Task<ClusterMember?> HostOfAsync(string grainClass, string keyPart)
    {
        var grains = _client!.Services.GetRequiredService<IClusterClient>();
        var statistics = await grains.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        var activation = statistics.FirstOrDefault(s =>
            s.GrainType.StartsWith(grainClass + ",", StringComparison.Ordinal) && s.GrainId.ToString().Contains(keyPart, StringComparison.Ordinal));
        if (activation is null)
        {
            return null;
        }

        foreach (var silo in GrainSilos)
        {
            if ((await silo.ReadinessAsync())?.SiloAddress == activation.SiloAddress.ToString())
            {
                return silo;
            }
        }

        return null;
    }

    /// <summary>A scenario of the calling test: the browser pages it opens, and the silos' logs, are reported to artifacts/e2e/ if it does not pass.</summary>
    internal Scenario Scenario([CallerMemberName] string testName = "") => new(this, testName);

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        _http?.Dispose();
        if (_client is not null)
        {
            try
            {
                await _client.StopAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception exception) when (exception is OperationCanceledException or OrleansException)
            {
                // The gateway is gone already.
            }

            _client.Dispose();
        }

        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
            // A failed start keeps the silos' logs there; a failed test has copied them to artifacts/e2e/ already.
            if (Directory.Exists(_cluster.LogDirectory))
            {
                Directory.Delete(_cluster.LogDirectory, recursive: true);
            }
        }

        if (_docker is not null)
        {
            await ServiceContainers.RemoveAsync(_docker, _serviceId);
            _docker.Dispose();
        }

        await _servers.DisposeAsync();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
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

    private async Task StartAsync()
    {
        VibeApp.EnsureChromium();
        _docker = DockerEngine.Connect();
        _daemon = await DockerDaemon.EnsureRunningAsync(_docker, Path.Combine(Path.GetTempPath(), "vibe-e2e-dockerd.log"));
        await _servers.InitializeAsync();
        Directory.CreateDirectory(DataDirectory);

        var settings = await _servers.NewClusterSettingsAsync("Redis");
        foreach (var (key, value) in s_fastFailureDetection)
        {
            settings[key] = value;
        }

        // Every member keys state with it, and it labels the workspace containers, so that disposing removes exactly those.
        settings["Vibe__Silo__ServiceId"] = _serviceId;
        settings["Vibe__DataDirectory"] = DataDirectory;
        _cluster = new LocalCluster(settings);

        var gatewayPort = FreePort.Find();
        var grainSilo = _cluster.StartMemberAsync("silo-1");
        var web = _cluster.StartMemberAsync(
            "web",
            new Dictionary<string, string>
            {
                ["Vibe__Cluster__Role"] = "web",
                ["Vibe__Cluster__GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture),
                ["Vibe__Secrets__KeyEncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
                ["Vibe__Auth__SignUp"] = "Open",
            },
            WebFrontProcess.WebFrontPath);
        _grainSilos.Add(await grainSilo);
        Web = await web;
        await Eventually.Until(
            async () => (await Web.ReadinessAsync())?.ActiveSilos == 2,
            "the web silo to see 2 active silos",
            s_joinTimeout);

        _client = await ClusterClient.ConnectAsync(_servers.Redis.ConnectionString, _cluster.ClusterId, _serviceId);
        _http = new HttpClient { BaseAddress = Web.Url, Timeout = TimeSpan.FromSeconds(60) };
        Api = new VibeApi(_http);
        _playwright = await Playwright.CreateAsync();
        _browser = await VibeApp.LaunchChromiumAsync(_playwright);
    }
}
