using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Vibe.WebFront.Accounts;
using Vibe.WebFront.Audit;
using Vibe.WebFront.Web;
using Vibe.WebFront.Workspaces;

namespace Vibe.WebFront.Preview;

/// <summary>
/// The live preview: <c>/api/v1/workspaces/{id}/ports</c> lists the ports the workspace listens on and hands out preview
/// links (Read); the owner makes a port public and private again (Admin). <see cref="PreviewProxy"/> serves the previews.
/// </summary>
internal static class PreviewApi
{
    public static IServiceCollection AddPreview(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<PreviewOptions>()
            .BindConfiguration(PreviewOptions.SectionName)
            .Validate(o => IsHostName(o.Domain), "Vibe:Preview:Domain must be a host name such as preview.localhost or preview.example.com.")
            .Validate(o => o.TokenLifetime > TimeSpan.Zero && o.IdleTimeout > TimeSpan.Zero, "Vibe:Preview:TokenLifetime and IdleTimeout must be positive.")
            .Validate(o => o.CacheTime >= TimeSpan.Zero && o.ActivityInterval >= TimeSpan.Zero, "Vibe:Preview:CacheTime and ActivityInterval must not be negative.")
            .ValidateOnStart();
        services.AddHttpForwarder();
        services.AddMemoryCache();
        services.AddSingleton<PreviewClient>();
        services.AddSingleton<PreviewTokens>();
        services.AddSingleton<PreviewTargets>();
        return services;
    }

    /// <summary>Serves previews ahead of the app's own pipeline, so none of the app's headers, cookies or pages reach them.</summary>
    public static IApplicationBuilder UsePreview(this IApplicationBuilder app) => app.UseMiddleware<PreviewProxy>();

    public static IEndpointRouteBuilder MapPreviewApi(this IEndpointRouteBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var ports = app.MapWorkspaceGroup("/ports").WithTags("Preview");
        ports.MapGet("", ListPorts)
            .WithName("ListWorkspacePorts")
            .WithSummary("The TCP ports processes in the running workspace listen on, and which are public (Read)")
            .RequiresWorkspace(WorkspacePermission.Read)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        ports.MapPost("/{port}/preview", CreateLink)
            .WithName("CreatePreviewLink")
            .WithSummary("A link that opens the port's preview for the caller, valid for Vibe:Preview:TokenLifetime (Read)")
            .RequiresWorkspace(WorkspacePermission.Read)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);
        ports.MapPut("/{port}/public", MakePublic)
            .WithName("MakePortPublic")
            .WithSummary("Lets anyone with the link open the port's preview (Admin)")
            .RequiresWorkspace(WorkspacePermission.Admin)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        ports.MapDelete("/{port}/public", MakePrivate)
            .WithName("MakePortPrivate")
            .WithSummary("Makes the port's preview private again: only people who can read the workspace open it (Admin)")
            .RequiresWorkspace(WorkspacePermission.Admin)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    private static async Task<Results<Ok<IReadOnlyList<PreviewPort>>, ProblemHttpResult>> ListPorts(
        string id, [AsParameters] WorkspaceServices services)
    {
        var grain = services.Grain(id);
        var ports = await grain.ListPorts();
        var result = new PreviewPort[ports.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = new PreviewPort(ports[i].Port, ports[i].LoopbackOnly, ports[i].Public);
        }

        return TypedResults.Ok<IReadOnlyList<PreviewPort>>(result);
    }

    private static async Task<Results<Ok<PreviewLink>, ValidationProblem, ProblemHttpResult>> CreateLink(
        string id,
        string port,
        HttpRequest request,
        ClaimsPrincipal user,
        [AsParameters] WorkspaceServices services,
        PreviewTokens tokens,
        PreviewTargets targets,
        IOptions<PreviewOptions> options)
    {
        if (ReadPort(port) is not { } number)
        {
            return InvalidPort(port);
        }

        var grain = services.Grain(id);
        var target = await targets.GetAsync(id);
        var (token, expiresAt) = tokens.Issue(id, number, user.GetUserId());
        var query = $"?{PreviewProxy.TokenParameter}={Uri.EscapeDataString(token)}";
        var domain = options.Value.Domain;
        return TypedResults.Ok(new PreviewLink(
            number,
            PreviewAddress.HostFormUrl(request, domain, id, number) + query,
            PreviewAddress.PathFormUrl(request, id, number) + query,
            expiresAt,
            target.PublicPorts.Contains(number)));
    }

    private static Task<Results<Ok<PreviewPort>, ValidationProblem, ProblemHttpResult>> MakePublic(
        string id, string port, HttpContext context, ClaimsPrincipal user, [AsParameters] WorkspaceServices services, PreviewTargets targets) =>
        SetPublicAsync(id, port, true, context, user, services, targets);

    private static Task<Results<Ok<PreviewPort>, ValidationProblem, ProblemHttpResult>> MakePrivate(
        string id, string port, HttpContext context, ClaimsPrincipal user, [AsParameters] WorkspaceServices services, PreviewTargets targets) =>
        SetPublicAsync(id, port, false, context, user, services, targets);

    private static async Task<Results<Ok<PreviewPort>, ValidationProblem, ProblemHttpResult>> SetPublicAsync(
        string id, string port, bool isPublic, HttpContext context, ClaimsPrincipal user, WorkspaceServices services, PreviewTargets targets)
    {
        var entry = context.GetWorkspace();
        if (ReadPort(port) is not { } number)
        {
            return InvalidPort(port);
        }

        try
        {
            await services.Grain(id).SetPortPublic(number, isPublic);
        }
        finally
        {
            targets.Forget(id);
        }

        await services.AuditAsync(user, isPublic ? AuditActions.PreviewMadePublic : AuditActions.PreviewMadePrivate, entry, $"port {number.ToString(CultureInfo.InvariantCulture)}");
        return TypedResults.Ok(new PreviewPort(number, LoopbackOnly: false, isPublic));
    }

    private static int? ReadPort(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535 ? port : null;

    private static ValidationProblem InvalidPort(string port) =>
        ApiProblems.Validation("port", $"'{port}' is not a port: give a number from 1 to 65535.");

    private static bool IsHostName(string? domain) =>
        !string.IsNullOrEmpty(domain) && Uri.CheckHostName(domain) == UriHostNameType.Dns && !domain.StartsWith('.') && !domain.EndsWith('.');
}
