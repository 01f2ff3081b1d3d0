using Vibe.Hosting;
using Vibe.Hosting.Clustering;
using Vibe.Hosting.Health;
using Vibe.WebFront.Accounts;
using Vibe.WebFront.Admin;
using Vibe.WebFront.Agents;
using Vibe.WebFront.Audit;
using Vibe.WebFront.Data;
using Vibe.WebFront.Email;
using Vibe.WebFront.Hubs;
using Vibe.WebFront.Preview;
using Vibe.WebFront.Secrets;
using Vibe.WebFront.Teams;
using Vibe.WebFront.Web;
using Vibe.WebFront.Workspaces;

// WebFront is the process people run. By default it is the whole of Vibe in one process: the Orleans silo hosting the
// grains (SQLite in the data directory, workspaces under DATA/workspaces), the REST API, the SignalR hubs and the browser
// app. With Vibe:Cluster it joins a cluster as a thin silo with the role "web" (unless Vibe:Cluster:Role says otherwise),
// which hosts none of Vibe's grains: they run on the grain silos (src/Silo). See docs/cluster.md and docs/configuration.md.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory, // appsettings.json and wwwroot ship next to the binary; the data directory follows the current directory
});

// Run from the build output, the browser app is served from where the client build wrote it (src/WebFront/wwwroot), as
// the build's static web assets manifest says; a published app has its wwwroot next to the binary and no manifest.
builder.WebHost.UseStaticWebAssets();

using var host = VibeHost.Configure(builder, defaultRole: "web", servesBrowserApp: true);
builder.Services.AddVibeDatabase(builder.Configuration, host); // first: later startup steps use the tables
builder.Services.AddVibeAuthentication();
builder.Services.AddAccounts();
builder.Services.AddAuditLog();
builder.Services.AddTeams();
builder.Services.AddAdmin();
builder.Services.AddEmail();
builder.Services.AddWebFrontHttp(builder.Configuration);
builder.Services.AddSignalR();

// Workspaces (REST /api/v1/workspaces, templates, files):
builder.Services.AddWorkspacesApi();

// The live preview of the apps workspaces serve (the proxy and /api/v1/workspaces/{id}/ports):
builder.Services.AddPreview();

// The workspace hub (SignalR /hubs/workspace):
builder.Services.AddWorkspaceHub();

// Data Protection with its key ring encrypted (Vibe:Secrets), and the AI agent's provider settings (installation and
// per team, keys encrypted at rest with Data Protection):
builder.Services.AddSecrets(builder.Configuration, host);
builder.Services.AddAgentProviders();

await using var app = builder.Build();
app.UseKnownProxies(); // first: everything after sees the client's address (through Vibe:Web:KnownProxies only)
app.UseExceptionHandler();
app.UsePreview(); // before everything else of the app's: previews are other origins' pages
app.UseTransientClusterRetry();
app.UseStatusCodePages();
app.UseMiddleware<SecurityHeaders>();
app.UseStaticFiles();
app.UseRouting();
app.UseCors();
app.UseMiddleware<RequestBodyLimit>();
app.UseAuthentication();
app.UseRateLimiter();
app.UseAuthorization();

app.MapHealthApi();
app.MapOpenApi().AllowAnonymous();
app.MapAccountsApi();
app.MapTeamsApi();
app.MapAuditApi();
app.MapAdminApi();

// Workspaces:
app.MapWorkspacesApi();
app.MapPreviewApi();

// The workspace hub:
app.MapWorkspaceHub();

// The AI agent's provider settings:
app.MapAgentProvidersApi();

app.MapSpaFallback(); // last: unknown /api paths get 404, other paths the browser app

return await host.RunAsync(app, SecretsServiceCollectionExtensions.Check);

/// <summary>The entry point, public so that tests can start the app with WebApplicationFactory&lt;Program&gt;.</summary>
public partial class Program;
