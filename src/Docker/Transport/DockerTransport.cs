using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Vibe.Docker.Errors;
using Vibe.Docker.Serialization;

namespace Vibe.Docker.Transport;

/// <summary>HTTP/1.1 to the daemon over its socket: versioned paths, JSON bodies, daemon errors turned into typed exceptions.</summary>
internal sealed class DockerTransport : IDisposable
{
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient _httpClient;
    private readonly string _versionPrefix;

    public DockerTransport(DockerEndpoint endpoint, string apiVersion, ILogger logger)
    {
        Endpoint = endpoint;
        Logger = logger;
        _versionPrefix = "/v" + apiVersion;
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) => new NetworkStream(await endpoint.ConnectAsync(cancellationToken).ConfigureAwait(false), ownsSocket: true),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
        };
        _httpClient = new HttpClient(handler)
        {
            // The host name only fills the Host header; the connect callback decides where bytes go.
            BaseAddress = new Uri(endpoint.IsUnixSocket ? "http://docker" : $"http://{endpoint.Host}:{endpoint.Port}"),
            // Waits, follows and builds last as long as they last: callers bound them with their CancellationToken.
            Timeout = Timeout.InfiniteTimeSpan,
            DefaultRequestVersion = HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
    }

    public DockerEndpoint Endpoint { get; }

    public ILogger Logger { get; }

    /// <summary>The versioned form of an API path (<c>/v1.41/containers/json</c>).</summary>
    public string Versioned(string pathAndQuery) => _versionPrefix + pathAndQuery;

    /// <summary>Sends a request and returns the response when its status is a success (or 304, which the daemon uses for "already in that state").</summary>
    public async Task<HttpResponseMessage> SendAsync(
        HttpMethod method,
        QueryString pathAndQuery,
        HttpContent? content,
        HttpCompletionOption completion,
        CancellationToken cancellationToken,
        bool versioned = true)
    {
        using var request = new HttpRequestMessage(method, versioned ? Versioned(pathAndQuery.ToString()) : pathAndQuery.ToString()) { Content = content };
        HttpResponseMessage response;
        try
        {
            response = await _httpClient.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex) when (FindUnavailable(ex) is { } unavailable)
        {
            throw unavailable;
        }

        if (response.IsSuccessStatusCode || response.StatusCode == HttpStatusCode.NotModified)
        {
            return response;
        }

        using (response)
        {
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            throw CreateException(response.StatusCode, body);
        }
    }

    public Task<T> GetJsonAsync<T>(QueryString pathAndQuery, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken) =>
        SendForJsonAsync(HttpMethod.Get, pathAndQuery, null, typeInfo, cancellationToken);

    public async Task<T> SendForJsonAsync<T>(HttpMethod method, QueryString pathAndQuery, HttpContent? content, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(method, pathAndQuery, content, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        return await ReadJsonAsync(response, typeInfo, cancellationToken).ConfigureAwait(false);
    }

    public async Task<TResponse> SendJsonAsync<TRequest, TResponse>(
        HttpMethod method,
        QueryString pathAndQuery,
        TRequest body,
        JsonTypeInfo<TRequest> requestTypeInfo,
        JsonTypeInfo<TResponse> responseTypeInfo,
        CancellationToken cancellationToken)
    {
        using var content = JsonContent(body, requestTypeInfo);
        return await SendForJsonAsync(method, pathAndQuery, content, responseTypeInfo, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Sends a request whose answer carries nothing Vibe needs; returns its status (e.g. 304 for "already started").</summary>
    public async Task<HttpStatusCode> SendNoContentAsync(HttpMethod method, QueryString pathAndQuery, HttpContent? content, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(method, pathAndQuery, content, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        return response.StatusCode;
    }

    public static ByteArrayContent JsonContent<T>(T body, JsonTypeInfo<T> typeInfo)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, typeInfo));
        content.Headers.ContentType = JsonMediaType;
        return content;
    }

    private static async Task<T> ReadJsonAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using (stream.ConfigureAwait(false))
        {
            return await JsonSerializer.DeserializeAsync(stream, typeInfo, cancellationToken).ConfigureAwait(false)
                ?? throw new DockerApiException(response.StatusCode, $"The daemon answered {(int)response.StatusCode} with an empty body where JSON was expected.");
        }
    }

    /// <summary>Maps an error answer to the exception for its status, carrying the daemon's message.</summary>
    public static DockerApiException CreateException(HttpStatusCode status, ReadOnlySpan<byte> body)
    {
        var message = ReadMessage(body);
        if (string.IsNullOrWhiteSpace(message))
        {
            message = $"The Docker daemon answered {(int)status} {status}.";
        }

        return status switch
        {
            HttpStatusCode.NotFound => new DockerNotFoundException(message),
            HttpStatusCode.Conflict => new DockerConflictException(message),
            _ => new DockerApiException(status, message),
        };
    }

    private static string ReadMessage(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return "";
        }

        try
        {
            if (JsonSerializer.Deserialize(body, DockerJsonContext.Default.ErrorResponse) is { Message: { } message })
            {
                return message.Trim();
            }
        }
        catch (JsonException)
        {
            // Not every error is JSON ("404 page not found" for unknown paths).
        }

        return Encoding.UTF8.GetString(body).Trim();
    }

    private DockerUnavailableException? FindUnavailable(Exception exception)
    {
        for (Exception? inner = exception; inner is not null; inner = inner.InnerException)
        {
            switch (inner)
            {
                case DockerUnavailableException unavailable:
                    return unavailable;
                case SocketException socketException:
                    return Endpoint.Unavailable(socketException);
            }
        }

        return null;
    }

    public void Dispose() => _httpClient.Dispose();
}
