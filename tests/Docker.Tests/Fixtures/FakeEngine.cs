using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Vibe.Docker.Tests.Fixtures;

/// <summary>
/// A Docker engine too old for Vibe, which cannot be installed here: an HTTP server on a unix socket that answers
/// <c>GET /version</c> as Docker 19.03 does (API 1.40) and 404 to everything else, recording the paths it was asked for.
/// </summary>
internal sealed class FakeEngine : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeEngine(WebApplication app, string socketPath)
    {
        _app = app;
        SocketPath = socketPath;
    }

    public string SocketPath { get; }

    public ConcurrentQueue<string> Requests { get; } = new();

    public static async Task<FakeEngine> StartAsync(string apiVersion, string engineVersion)
    {
        var socketPath = Path.Combine(Path.GetTempPath(), $"vibe-fake-docker-{Guid.NewGuid():N}.sock");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.ListenUnixSocket(socketPath));
        var app = builder.Build();
        var engine = new FakeEngine(app, socketPath);
        app.Use(async (context, next) =>
        {
            engine.Requests.Enqueue(context.Request.Path);
            await next(context);
        });
        app.MapGet("/version", () => Results.Json(new Dictionary<string, string> { ["Version"] = engineVersion, ["ApiVersion"] = apiVersion, ["MinAPIVersion"] = "1.12", ["Os"] = "linux" }));
        await app.StartAsync();
        return engine;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        File.Delete(SocketPath);
    }
}
