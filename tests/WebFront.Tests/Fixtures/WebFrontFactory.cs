using System.Net.Http.Headers;
using System.Net.Http.Json;
using Docker.DotNet;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Vibe.Docker;
using Vibe.TestSupport;

namespace Vibe.WebFront.Tests.Fixtures;

/// <summary>
/// One whole WebFront in the test process (the embedded default: the silo with the grains, the API, the hubs), served
/// by the in-memory test server. Made by <see cref="WebFrontFixture.CreateFactoryAsync"/> on a fresh PostgreSQL
/// database, or directly with a null connection string for the SQLite default. Each factory has its own data directory
/// and silo service id (which names and labels its workspace containers); disposing it stops the app, removes those
/// containers and deletes the directory.
/// </summary>
/// <remarks>
/// Typical use: <c>var alice = await factory.RegisterAsync(); using var client = factory.CreateClient(alice);</c> then call
/// the API with <c>client</c>. Sign-up is open and the sign-in rate limits and throttling are raised so that tests may
/// register and sign in often; pass settings to change them back (or any other Vibe:* setting). A request may say which
/// IP address it comes from with the header <see cref="TestRemoteAddress.Header"/>.
/// </remarks>
public sealed class WebFrontFactory : WebApplicationFactory<Program>
{
    /// <summary>The password <see cref="RegisterAsync"/> gives users unless told otherwise.</summary>
    public const string DefaultPassword = "correct horse battery staple";

    private static readonly HashSet<string> s_serviceIds = new(StringComparer.Ordinal);

    private readonly Dictionary<string, string?> _settings;
    private readonly IDockerClient? _docker;
    private readonly Action<IServiceCollection>? _services;
    private readonly Dictionary<string, Task> _memo = new(StringComparer.Ordinal);
    private readonly Lock _memoLock = new();
    private readonly bool _ownsDataDirectory;

    /// <param name="postgresConnectionString">The app's PostgreSQL database; null for SQLite in the data directory.</param>
    /// <param name="settings">Configuration to add or override.</param>
    /// <param name="docker">The daemon to remove this app's workspace containers from on dispose; null to leave them.</param>
    /// <param name="services">Changes to the app's services after Program registered them (e.g. a test clock).</param>
    /// <param name="dataDirectory">The data directory to use (and keep); null for a fresh one, deleted on dispose.</param>
    public WebFrontFactory(
        string? postgresConnectionString,
        IReadOnlyDictionary<string, string?>? settings = null,
        IDockerClient? docker = null,
        Action<IServiceCollection>? services = null,
        string? dataDirectory = null)
    {
        _docker = docker;
        _services = services;
        _ownsDataDirectory = dataDirectory is null;
        DataDirectory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "vibe-webfront-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(DataDirectory);
        _settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Vibe:DataDirectory"] = DataDirectory,
            ["Vibe:Database:ConnectionString"] = postgresConnectionString,
            ["Vibe:Silo:ServiceId"] = "webtest-" + Guid.NewGuid().ToString("N")[..10],
            ["Vibe:Auth:SignUp"] = "Open",
            ["Vibe:Auth:RequestsPerAddress"] = "100000",
            ["Vibe:Auth:FreeFailedSignInsPerAddress"] = "100000",
            ["Vibe:Auth:FreeFailedSignInsPerAccount"] = "100000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        // A test may name the service itself (to restart an app as the same silo): its containers are removed all the same.
        ServiceId = _settings["Vibe:Silo:ServiceId"] ?? throw new ArgumentException("Vibe:Silo:ServiceId may not be null.", nameof(settings));
        lock (s_serviceIds)
        {
            s_serviceIds.Add(ServiceId);
        }
    }

    /// <summary>The app's data directory (a fresh temporary directory).</summary>
    public string DataDirectory { get; }

    /// <summary>The silo's service id: the prefix of this app's container names and the value of their vibe.service label.</summary>
    public string ServiceId { get; }

    /// <summary>The service ids of every app made in this test run, for <see cref="WebFrontFixture"/>'s last sweep of their containers.</summary>
    internal static IReadOnlySet<string> ServiceIds
    {
        get
        {
            lock (s_serviceIds)
            {
                return s_serviceIds.ToHashSet(StringComparer.Ordinal);
            }
        }
    }

    /// <summary>Registers a user (a unique email unless given), with an invitation token if given, and returns it signed in.</summary>
    /// <exception cref="HttpRequestException">The registration was refused; the message holds the response body.</exception>
    public async Task<TestUser> RegisterAsync(string? email = null, string password = DefaultPassword, string? displayName = null, string? invitation = null)
    {
        email ??= $"user-{Guid.NewGuid():N}@example.com";
        displayName ??= "User " + email[..Math.Min(email.Length, 12)];
        using var client = CreateClient();
        using var response = await client.PostAsJsonAsync("/api/v1/auth/register", new { email, password, displayName, invitation });
        var tokens = await ReadTokensAsync(response);
        return new TestUser(tokens.User.Id, tokens.User.Email, password, tokens.User.DisplayName, tokens.AccessToken, tokens.RefreshToken!);
    }

    /// <summary>Signs in with email and password and returns the token response.</summary>
    /// <exception cref="HttpRequestException">The sign-in was refused; the message holds the response body.</exception>
    public async Task<TokenResponse> LoginAsync(string email, string password = DefaultPassword)
    {
        using var client = CreateClient();
        using var response = await client.PostAsJsonAsync("/api/v1/auth/login", new { email, password });
        return await ReadTokensAsync(response);
    }

    /// <summary>
    /// The result of <paramref name="create"/> for <paramref name="key"/>, made once per app and shared by later callers:
    /// for what tests of a class set up alike, such as a set of registered users.
    /// </summary>
    public Task<T> GetOrCreateAsync<T>(string key, Func<WebFrontFactory, Task<T>> create)
    {
        lock (_memoLock)
        {
            if (!_memo.TryGetValue(key, out var task))
            {
                task = create(this);
                _memo[key] = task;
            }

            return (Task<T>)task;
        }
    }

    /// <summary>A client that sends <paramref name="user"/>'s access token.</summary>
    public HttpClient CreateClient(TestUser user) => CreateClient(user.AccessToken);

    /// <summary>A client that sends <paramref name="accessToken"/> as the bearer token.</summary>
    public HttpClient CreateClient(string accessToken)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        return client;
    }

    public override async ValueTask DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
        }
        finally
        {
            if (_docker is not null)
            {
                await ServiceContainers.RemoveAsync(_docker, ServiceId);
            }
        }

        if (!_ownsDataDirectory)
        {
            return;
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Files written by containers as another user; the temp directory is cleaned eventually.
        }
    }

    protected override IHost CreateHost(IHostBuilder builder)
    {
        // Host configuration is visible to Program before it builds the app (app configuration would come too late).
        builder.ConfigureHostConfiguration(configuration => configuration.AddInMemoryCollection(_settings));
        return base.CreateHost(builder);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, TestRemoteAddress>());
        if (_services is not null)
        {
            builder.ConfigureTestServices(_services);
        }
    }

    private static async Task<TokenResponse> ReadTokensAsync(HttpResponseMessage response)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{(int)response.StatusCode} {response.StatusCode}: {await response.Content.ReadAsStringAsync()}", null, response.StatusCode);
        }

        return await response.Content.ReadFromJsonAsync<TokenResponse>() ?? throw new HttpRequestException("The response has no body.");
    }
}
