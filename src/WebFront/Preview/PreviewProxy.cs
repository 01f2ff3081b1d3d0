using Microsoft.AspNetCore.Http.Extensions;
using Microsoft.Extensions.Options;
using Vibe.Grains.Interfaces.Workspaces;
using Vibe.WebFront.Workspaces;
using Yarp.ReverseProxy.Forwarder;

namespace Vibe.WebFront.Preview;

/// <summary>
/// The live preview: requests for <c>{port}-{workspace}.{domain}</c> or <c>/preview/{workspace}/{port}/</c> are forwarded,
/// streaming both ways (WebSockets included), to that port on the workspace container's address. Only people who can read
/// the workspace (with a preview token from the API, kept as a cookie of the preview's origin) or anyone for a port the
/// owner made public get through; everyone else gets a bare 404, as for a workspace that does not exist. A stopped
/// workspace is started for someone allowed to start it, behind a page that reloads until the app answers.
/// </summary>
internal sealed partial class PreviewProxy(
    RequestDelegate next,
    IHttpForwarder forwarder,
    PreviewClient client,
    PreviewTargets targets,
    PreviewTokens tokens,
    WorkspaceBackgroundStarts starts,
    IOptions<PreviewOptions> options,
    ILogger<PreviewProxy> logger)
{
    public const string TokenParameter = "vibe_preview_token";
    public const string CookieName = "vibe_preview";

    private readonly ForwarderRequestConfig _requestConfig = new() { ActivityTimeout = options.Value.IdleTimeout };

    public Task InvokeAsync(HttpContext context)
    {
        var domain = options.Value.Domain;
        var request = context.Request;
        if (!PreviewAddress.IsPreviewRequest(request.Host, request.Path, domain))
        {
            return next(context);
        }

        if (!PreviewAddress.TryParse(request.Host, request.Path, domain, out var address))
        {
            return NotFoundAsync(context);
        }

        return ForwardAsync(context, address!);
    }

    private async Task ForwardAsync(HttpContext context, PreviewAddress address)
    {
        var request = context.Request;
        if (request.Query.TryGetValue(TokenParameter, out var offered))
        {
            await ExchangeTokenAsync(context, address, offered.ToString());
            return;
        }

        var userId = tokens.Read(request.Cookies[CookieName], address.WorkspaceId, address.Port);
        WorkspacePreviewTarget target;
        try
        {
            target = await targets.GetAsync(address.WorkspaceId);
        }
        catch (WorkspaceNotFoundException)
        {
            await NotFoundAsync(context);
            return;
        }

        var permission = userId is { } user ? await targets.GetPermissionAsync(user, address.WorkspaceId, context.RequestAborted) : WorkspacePermission.None;
        if (target.Status == WorkspaceStatus.Deleted || (permission < WorkspacePermission.Read && !target.PublicPorts.Contains(address.Port)))
        {
            await NotFoundAsync(context);
            return;
        }

        if (target.Status != WorkspaceStatus.Running)
        {
            await AnswerNotRunningAsync(context, address, target, userId, permission);
            return;
        }

        if (target.Address is not { } ip)
        {
            await PreviewPages.WriteAsync(context, StatusCodes.Status502BadGateway, "No network",
                "This workspace runs without a network, so its apps cannot be previewed. Its owner can give it one in its settings.", reload: false);
            return;
        }

        targets.Touch(address.WorkspaceId);
        request.PathBase = address.PathBase;
        request.Path = address.Path;
        var error = await forwarder.SendAsync(context, $"http://{ip}:{address.Port}", client.Invoker, _requestConfig, PreviewTransformer.Instance);
        if (error == ForwarderError.None || context.Response.HasStarted)
        {
            return;
        }

        if (error is ForwarderError.Request or ForwarderError.RequestTimedOut)
        {
            // Nothing accepts connections on the port (yet): the dev server is still starting, or it listens elsewhere.
            await PreviewPages.WriteAsync(context, StatusCodes.Status404NotFound, $"Nothing listens on port {address.Port}",
                $"No server in the workspace answers on port {address.Port} (on 0.0.0.0). This page reloads until one does.", reload: true);
            return;
        }

        LogForwardFailed(logger, address.WorkspaceId, address.Port, error);
        await PreviewPages.WriteAsync(context, StatusCodes.Status502BadGateway, "The app did not answer",
            $"The connection to port {address.Port} in the workspace failed ({error}).", reload: false);
    }

    // A link from the API: the token becomes a cookie of the preview's origin (scoped to its path in the path form) and the
    // browser is sent to the same address without it, so it leaves no trace in the app's history, logs or Referer.
    private async Task ExchangeTokenAsync(HttpContext context, PreviewAddress address, string token)
    {
        var request = context.Request;
        if (tokens.Read(token, address.WorkspaceId, address.Port) is null)
        {
            await NotFoundAsync(context);
            return;
        }

        // The Preview tab frames the preview from the app's origin, another site, where browsers send only SameSite=None
        // cookies, and those must be Secure; browsers keep Secure cookies of http://localhost and *.localhost too (a
        // potentially trustworthy origin). Partitioned (CHIPS) keeps the cookie where third-party cookies are blocked,
        // tied to the site that frames it. On another host over plain http the cookie stays Lax: the preview opens in a
        // tab of its own.
        var secure = request.IsHttps || IsLoopbackHost(request.Host.Host);
        var cookie = new CookieOptions
        {
            HttpOnly = true,
            Secure = secure,
            SameSite = secure ? SameSiteMode.None : SameSiteMode.Lax,
            Path = address.IsHostForm ? "/" : address.PathBase + "/",
            MaxAge = options.Value.TokenLifetime,
        };
        if (secure)
        {
            cookie.Extensions.Add("Partitioned");
        }

        context.Response.Cookies.Append(CookieName, token, cookie);
        var query = new QueryBuilder();
        foreach (var (key, values) in request.Query)
        {
            if (key != TokenParameter)
            {
                foreach (var value in values)
                {
                    query.Add(key, value ?? "");
                }
            }
        }

        context.Response.Headers.CacheControl = "no-store";
        context.Response.Redirect($"{request.PathBase}{request.Path}{query.ToQueryString()}");
    }

    private async Task AnswerNotRunningAsync(HttpContext context, PreviewAddress address, WorkspacePreviewTarget target, Guid? userId, WorkspacePermission permission)
    {
        if (target.Status is WorkspaceStatus.Stopped or WorkspaceStatus.Failed && userId is { } starter && permission >= WorkspacePermission.Admin)
        {
            starts.Start(address.WorkspaceId, starter);
            targets.Forget(address.WorkspaceId);
            LogWaking(logger, address.WorkspaceId, address.Port);
        }
        else if (target.Status is WorkspaceStatus.Stopped or WorkspaceStatus.Failed)
        {
            await PreviewPages.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "This workspace is stopped",
                "Someone who can start it has to start it; this page reloads until it runs.", reload: true);
            return;
        }

        await PreviewPages.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Starting…",
            $"The workspace is starting. This page reloads until the app on port {address.Port} answers.", reload: true);
    }

    /// <summary><c>localhost</c>, a name under <c>.localhost</c> or a loopback address: origins browsers treat as secure on plain http.</summary>
    internal static bool IsLoopbackHost(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase)
        || (System.Net.IPAddress.TryParse(host, out var address) && System.Net.IPAddress.IsLoopback(address));

    private static Task NotFoundAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync("Not found.", context.RequestAborted);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Workspace {WorkspaceId}: a preview request for port {Port} starts it")]
    private static partial void LogWaking(ILogger logger, string workspaceId, int port);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Workspace {WorkspaceId}: forwarding a preview request to port {Port} failed: {Error}")]
    private static partial void LogForwardFailed(ILogger logger, string workspaceId, int port, ForwarderError error);
}
