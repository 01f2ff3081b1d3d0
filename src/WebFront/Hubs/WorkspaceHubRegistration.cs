using Microsoft.AspNetCore.SignalR;
using Vibe.Hosting.Logging;
using Vibe.WebFront.Web;

namespace Vibe.WebFront.Hubs;

/// <summary>Registers and maps the workspace hub (<see cref="WorkspaceHub.Path"/>).</summary>
internal static class WorkspaceHubRegistration
{
    /// <summary>Room for a <see cref="WorkspaceHub.MaxInputLength"/> paste even when every character is JSON-escaped (6 bytes), so the hub says what is wrong instead of dropping the connection.</summary>
    private const long MaxReceiveMessageBytes = 512 * 1024;

    /// <summary>SignalR with the API's JSON contract (<see cref="WireJson"/>: enums as camelCase strings), the hub's options, its error, session, rate-limit and access filters, the stream fan-out and the open documents' cursors.</summary>
    public static IServiceCollection AddWorkspaceHub(this IServiceCollection services)
    {
        services.AddSignalR()
            .AddJsonProtocol(json => WireJson.Apply(json.PayloadSerializerOptions))
            .AddHubOptions<WorkspaceHub>(hub =>
            {
                hub.MaximumReceiveMessageSize = MaxReceiveMessageBytes;
                hub.AddFilter<WorkspaceHubErrorFilter>();
                hub.AddFilter<HubSessions.Filter>(); // inside the error filter, which logs its refusals
                hub.AddFilter<HubRateLimitFilter>(); // before the access check, which reads the database
                hub.AddFilter<WorkspaceHubAccessFilter>();
            });
        services.AddOptions<HubRateLimitOptions>()
            .BindConfiguration(HubRateLimitOptions.SectionName)
            .Validate(o => o.PermitLimit >= 1 && o.Window > TimeSpan.Zero, "Vibe:Hub:RateLimit:PermitLimit must be at least 1 and Window positive.")
            .ValidateOnStart();
        services.AddSingleton<HubRateLimitFilter>(); // one bucket per user for the whole process

        // The filter logs every failed hub call at the level it deserves; SignalR would log each again at Error with a stack trace.
        services.AddLogFilter(WorkspaceHubErrorFilter.DispatcherLogCategory, LogLevel.Critical);
        services.AddSingleton<StreamFanOut>();
        services.AddSingleton<OpenDocuments>();
        services.AddSingleton<GrainWatchRenewal>();
        services.AddHostedService(sp => sp.GetRequiredService<GrainWatchRenewal>());
        services.AddSingleton<HubSessions>();
        services.AddSingleton<SessionRevocations>();
        services.AddHostedService(sp => sp.GetRequiredService<SessionRevocations>());
        return services;
    }

    /// <summary>
    /// Maps the hub. A connection closes when its access token expires (the client reconnects with a fresh one and joins
    /// again), so a revoked session does not keep watching on an old token.
    /// </summary>
    public static IEndpointConventionBuilder MapWorkspaceHub(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapHub<WorkspaceHub>(WorkspaceHub.Path, connection => connection.CloseOnAuthenticationExpiration = true);
}
