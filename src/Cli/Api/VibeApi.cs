using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Vibe.Cli.Api.Models;
using Vibe.Cli.Auth;

namespace Vibe.Cli.Api;

/// <summary>
/// The signed-in user's calls to a Vibe server's REST API (<c>/api/v1</c>). Every call carries the access token saved
/// with the credentials while it is fresh, refreshes it (rotating the refresh token, under the credentials lock) when it
/// is about to expire or the server refuses it, and turns refusals into <see cref="ApiException"/>s whose message is the
/// server's problem detail, and network failures into a message saying the server cannot be reached.
/// </summary>
internal sealed class VibeApi : IDisposable
{
    /// <summary>An access token this close to its expiry is refreshed before use, so it does not expire in flight.</summary>
    private static readonly TimeSpan ExpiryMargin = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http;
    private readonly CredentialStore _store;
    private Credentials _credentials;

    private VibeApi(CredentialStore store, Credentials credentials)
    {
        _store = store;
        _credentials = credentials;
        _http = CreateHttpClient(credentials.Server);
    }

    public Uri Server => _credentials.Server;

    public string Email => _credentials.Email;

    /// <summary>The API of the user signed in with <paramref name="store"/>; fails saying how to sign in when nobody is.</summary>
    public static VibeApi SignedIn(CredentialStore store) =>
        new(store, store.Load() ?? throw new CliException("You are not signed in: run `vibe login URL` with your Vibe server's address first."));

    /// <summary>An HTTP client for <paramref name="server"/> without a timeout: long calls (starting a workspace) end by cancellation.</summary>
    public static HttpClient CreateHttpClient(Uri server) => new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(15) })
    {
        BaseAddress = server,
        Timeout = Timeout.InfiniteTimeSpan,
        DefaultRequestHeaders = { UserAgent = { new ProductInfoHeaderValue("vibe-cli", ThisAssembly.Version) } },
    };

    public async Task<T> GetAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);
        return await ReadAsync(response, type, cancellationToken);
    }

    public async Task<TResponse> PostAsync<TRequest, TResponse>(
        string path, TRequest body, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body, requestType) }, cancellationToken);
        return await ReadAsync(response, responseType, cancellationToken);
    }

    /// <summary>The body of a successful GET as the server wrote it (for <c>--json</c>).</summary>
    public async Task<string> GetJsonAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => new HttpRequestMessage(HttpMethod.Get, path), cancellationToken);
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    /// <summary>Sends the request <paramref name="create"/> makes (again, when the token had to be refreshed) and returns the successful response.</summary>
    public async Task<HttpResponseMessage> SendAsync(Func<HttpRequestMessage> create, CancellationToken cancellationToken)
    {
        var token = await AccessTokenAsync(cancellationToken);
        var response = await SendOnceAsync(create, token, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            // Revoked or expired early (a password change, a restarted server with a new key): one refresh, one retry.
            response.Dispose();
            token = await RefreshAsync(token, cancellationToken);
            response = await SendOnceAsync(create, token, cancellationToken);
        }

        if (!response.IsSuccessStatusCode)
        {
            using (response)
            {
                throw await ProblemAsync(response, cancellationToken);
            }
        }

        return response;
    }

    /// <summary>A fresh access token: the saved one while it lasts, else a refreshed one.</summary>
    public async ValueTask<string> AccessTokenAsync(CancellationToken cancellationToken) =>
        _credentials is { AccessToken: { } token, AccessTokenExpiresAt: { } expires } && expires - ExpiryMargin > DateTimeOffset.UtcNow
            ? token
            : await RefreshAsync(_credentials.AccessToken, cancellationToken);

    /// <summary>Revokes the session on the server (best effort) and forgets the credentials.</summary>
    public async Task LogoutAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await Unreachable.GuardAsync(Server, () => _http.PostAsync(
                "/api/v1/auth/logout", JsonContent.Create(new RefreshRequest(_credentials.RefreshToken), CliJson.Default.RefreshRequest), cancellationToken));
        }
        finally
        {
            _store.Delete();
        }
    }

    /// <summary>Signs in with email and password and saves the session; returns who signed in.</summary>
    public static async Task<AccountUser> LoginAsync(CredentialStore store, Uri server, string email, string password, CancellationToken cancellationToken)
    {
        using var http = CreateHttpClient(server);
        using var response = await Unreachable.GuardAsync(server, () => http.PostAsync(
            "/api/v1/auth/login", JsonContent.Create(new LoginRequest(email, password), CliJson.Default.LoginRequest), cancellationToken));
        if (!response.IsSuccessStatusCode)
        {
            throw await ProblemAsync(response, cancellationToken);
        }

        var tokens = await ReadAsync(response, CliJson.Default.TokenResponse, cancellationToken);
        store.Save(new Credentials(server, tokens.User.Email, tokens.RefreshToken, tokens.AccessToken, tokens.AccessTokenExpiresAt));
        return tokens.User;
    }

    public void Dispose() => _http.Dispose();

    private Task<HttpResponseMessage> SendOnceAsync(Func<HttpRequestMessage> create, string token, CancellationToken cancellationToken) =>
        Unreachable.GuardAsync(Server, async () =>
        {
            using var request = create();
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        });

    /// <summary>
    /// Exchanges the refresh token for new tokens under the credentials lock. When another vibe refreshed meanwhile (the
    /// saved access token is no longer <paramref name="rejected"/>), its tokens are used instead: a refresh token works once.
    /// </summary>
    private async Task<string> RefreshAsync(string? rejected, CancellationToken cancellationToken)
    {
        using var held = await _store.LockAsync(cancellationToken);
        var latest = _store.Load() ?? throw new CliException("You were signed out: run `vibe login URL` to sign in again.");
        if (latest is { AccessToken: { } saved, AccessTokenExpiresAt: { } expires } && saved != rejected && expires - ExpiryMargin > DateTimeOffset.UtcNow)
        {
            _credentials = latest;
            return saved;
        }

        using var response = await Unreachable.GuardAsync(latest.Server, () => _http.PostAsync(
            "/api/v1/auth/refresh", JsonContent.Create(new RefreshRequest(latest.RefreshToken), CliJson.Default.RefreshRequest), cancellationToken));
        if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.BadRequest)
        {
            throw new CliException($"Your session on {latest.Server} has ended (it expired, was revoked, or the password changed): run `vibe login` to sign in again.");
        }

        if (!response.IsSuccessStatusCode)
        {
            throw await ProblemAsync(response, cancellationToken);
        }

        var tokens = await ReadAsync(response, CliJson.Default.TokenResponse, cancellationToken);
        _credentials = latest with { RefreshToken = tokens.RefreshToken, AccessToken = tokens.AccessToken, AccessTokenExpiresAt = tokens.AccessTokenExpiresAt };
        _store.Save(_credentials);
        return tokens.AccessToken;
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync(type, cancellationToken)
                ?? throw new CliException($"The server answered {response.RequestMessage?.RequestUri?.AbsolutePath} with an empty body; is this a Vibe server?");
        }
        catch (JsonException)
        {
            throw new CliException($"The server's answer to {response.RequestMessage?.RequestUri?.AbsolutePath} is not what Vibe answers; is this a Vibe server of the same version?");
        }
    }

    /// <summary>The refusal as an exception whose message is the problem's detail (or its title, or the status).</summary>
    private static async Task<ApiException> ProblemAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        ProblemResponse? problem = null;
        try
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            problem = body.Length > 0 && body[0] == '{' ? JsonSerializer.Deserialize(body, CliJson.Default.ProblemResponse) : null;
        }
        catch (JsonException)
        {
            // Not a problem document (a proxy's error page): the status says it.
        }

        var message = problem?.Detail is { Length: > 0 } detail ? detail
            : problem?.Title is { Length: > 0 } title ? title
            : $"The server answered {status} {response.ReasonPhrase}.";
        if (response.StatusCode == HttpStatusCode.Unauthorized)
        {
            message += " Run `vibe login` to sign in again.";
        }

        return new ApiException(status, problem?.Title, message);
    }
}
