using System.Net;

namespace Vibe.WebFront.Preview;

/// <summary>The one connection pool the proxy uses to reach workspace containers: no proxy, redirects or cookies of its own, no decompression.</summary>
internal sealed class PreviewClient : IDisposable
{
    public HttpMessageInvoker Invoker { get; } = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        EnableMultipleHttp2Connections = true,
    });

    public void Dispose() => Invoker.Dispose();
}
