using System.Net;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Vibe.Grains.Interfaces.Agents;
using Vibe.WebFront.Agents;
using Vibe.WebFront.Data;
using Vibe.WebFront.Tests.Workspaces;

namespace Vibe.WebFront.Tests.Agents;

/// <summary>
/// The AI provider settings: the installation's Vibe:Agent:Provider, a team's override (owners and admins; the key
/// write-only and stored as Data Protection ciphertext), what the agent panel is told, and which one a workspace resolves to.
/// </summary>
[Collection(WebFrontCollection.Name)]
public sealed class ProviderSettingsTests(WebFrontFixture fixture) : IAsyncLifetime
{
    private const string InstallationKey = "sk-ant-installation-secret-0001";
    private const string TeamKey = "sk-team-secret-key-abcdef-0002";

    private WorkspaceTestApp? _app;

    private WorkspaceTestApp App => _app!;

    public async Task InitializeAsync() => _app = await WorkspaceTestApp.StartAsync(fixture, new Dictionary<string, string?>
    {
        ["Vibe:Agent:Provider:Kind"] = "Anthropic",
        ["Vibe:Agent:Provider:ApiKey"] = InstallationKey,
        ["Vibe:Agent:Provider:Model"] = "claude-installation",
        ["Vibe:Agent:Provider:MaxOutputTokens"] = "4096",
    });

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_workspace_uses_its_teams_provider_when_set_and_the_installations_otherwise()
    {
        var owner = await App.RegisterAsync();
        var teamId = await App.CreateTeamAsync(owner);
        var teamWorkspace = await App.CreateWorkspaceAsync(owner, teamId);
        var personalWorkspace = await App.CreateWorkspaceAsync(owner);
        var resolver = App.Factory.Services.GetRequiredService<IAgentProviderResolver>();

        var before = await App.CallAsync(owner, HttpMethod.Get, $"/api/v1/workspaces/{teamWorkspace}/agent");
        Assert.True(before.GetProperty("configured").GetBoolean());
        Assert.Equal("anthropic", before.GetProperty("provider").GetString());
        Assert.Equal("claude-installation", before.GetProperty("model").GetString());
        Assert.Equal("installation", before.GetProperty("source").GetString());
        Assert.Equal(
            new AgentProviderSettings(AgentProviderKind.Anthropic, null, InstallationKey, "claude-installation", 4096, AgentEndpointTrust.Any),
            await resolver.ResolveAsync(teamWorkspace));

        await App.CallAsync(owner, HttpMethod.Put, $"/api/v1/teams/{teamId}/agent-provider",
            new { kind = "openai", endpoint = "http://127.0.0.1:11434/v1", apiKey = TeamKey, model = "qwen2.5-coder:14b", maxOutputTokens = 2048 });

        var after = await App.CallAsync(owner, HttpMethod.Get, $"/api/v1/workspaces/{teamWorkspace}/agent");
        Assert.Equal(("openai", "qwen2.5-coder:14b", "team"), (after.GetProperty("provider").GetString(), after.GetProperty("model").GetString(), after.GetProperty("source").GetString()));
        Assert.Equal(
            new AgentProviderSettings(AgentProviderKind.OpenAI, new Uri("http://127.0.0.1:11434/v1"), TeamKey, "qwen2.5-coder:14b", 2048, AgentEndpointTrust.PublicOnly),
            await resolver.ResolveAsync(teamWorkspace));
        Assert.Equal(await resolver.ResolveAsync(teamWorkspace), await resolver.ResolveAsync(teamId));
        Assert.Equal("installation", (await App.CallAsync(owner, HttpMethod.Get, $"/api/v1/workspaces/{personalWorkspace}/agent")).GetProperty("source").GetString());
        Assert.Equal(InstallationKey, (await resolver.ResolveAsync(personalWorkspace))?.ApiKey);

        var (deleted, _) = await App.SendAsync(owner, HttpMethod.Delete, $"/api/v1/teams/{teamId}/agent-provider");
        Assert.Equal(HttpStatusCode.NoContent, deleted);
        Assert.Equal("installation", (await App.CallAsync(owner, HttpMethod.Get, $"/api/v1/workspaces/{teamWorkspace}/agent")).GetProperty("source").GetString());
        Assert.Equal(InstallationKey, (await resolver.ResolveAsync(teamWorkspace))?.ApiKey);
    }

    [Fact]
    public async Task A_teams_endpoint_may_reach_only_public_addresses_until_an_installation_admin_allows_it()
    {
        var owner = await App.RegisterAsync();
        var admin = await App.RegisterAsync();
        await ExecuteAsync("UPDATE users SET is_admin = (id = @admin) WHERE id IN (@admin, @owner)", new { admin = admin.Id, owner = owner.Id });
        var teamId = await App.CreateTeamAsync(owner);
        var resolver = App.Factory.Services.GetRequiredService<IAgentProviderResolver>();
        await App.CallAsync(owner, HttpMethod.Put, $"/api/v1/teams/{teamId}/agent-provider", new { kind = "openai", endpoint = "http://10.1.2.3:11434/v1", model = "qwen2.5-coder:14b" });
        Assert.Equal(AgentEndpointTrust.PublicOnly, (await resolver.ResolveAsync(teamId))?.Trust);

        // Another port of the same host is another endpoint; a team owner cannot allow anything.
        var (refused, _) = await App.SendAsync(owner, HttpMethod.Put, "/api/v1/admin/settings", new { allowedAgentEndpoints = new[] { "http://10.1.2.3:11434" } });
        Assert.Equal(HttpStatusCode.Forbidden, refused);
        await App.CallAsync(admin, HttpMethod.Put, "/api/v1/admin/settings", new { allowedAgentEndpoints = new[] { "http://10.1.2.3:8080" } });
        Assert.Equal(AgentEndpointTrust.PublicOnly, (await resolver.ResolveAsync(teamId))?.Trust);

        var settings = await App.CallAsync(admin, HttpMethod.Put, "/api/v1/admin/settings", new { allowedAgentEndpoints = new[] { "http://10.1.2.3:11434/anything" } });
        Assert.Equal("http://10.1.2.3:11434/anything", Assert.Single(settings.GetProperty("allowedAgentEndpoints").EnumerateArray()).GetString());
        Assert.Equal(AgentEndpointTrust.AllowedEndpoint, (await resolver.ResolveAsync(teamId))?.Trust);
        var (invalid, problem) = await App.SendAsync(admin, HttpMethod.Put, "/api/v1/admin/settings", new { allowedAgentEndpoints = new[] { "ftp://10.1.2.3" } });
        Assert.Equal(HttpStatusCode.BadRequest, invalid);
        Assert.Contains("ftp://10.1.2.3", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(AgentEndpointTrust.Any, (await resolver.ResolveAsync(teamId: null))?.Trust);
    }

    [Fact]
    public async Task Only_the_teams_owners_and_admins_may_see_set_or_remove_its_provider_and_every_member_sees_the_status()
    {
        var owner = await App.RegisterAsync();
        var admin = await App.RegisterAsync();
        var member = await App.RegisterAsync();
        var viewer = await App.RegisterAsync();
        var stranger = await App.RegisterAsync();
        var teamId = await App.CreateTeamAsync(owner, (admin, "admin"), (member, "member"), (viewer, "viewer"));
        var workspace = await App.CreateWorkspaceAsync(owner, teamId);
        var path = $"/api/v1/teams/{teamId}/agent-provider";
        object body = new { kind = "anthropic", apiKey = TeamKey, model = "claude-team" };

        (string Who, TestUser? User, HttpStatusCode Put, HttpStatusCode Get, HttpStatusCode Delete, HttpStatusCode Status)[] expectations =
        [
            ("owner", owner, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.NoContent, HttpStatusCode.OK),
            ("admin", admin, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.NoContent, HttpStatusCode.OK),
            ("member", member, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.OK),
            ("viewer", viewer, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.OK),
            ("stranger", stranger, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound),
            ("anonymous", null, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized),
        ];

        var mismatches = new List<string>();
        foreach (var (who, user, put, get, delete, status) in expectations)
        {
            // The owner sets it before each caller, so GET and DELETE find something to answer with.
            await App.CallAsync(owner, HttpMethod.Put, path, body);
            Check(who, "PUT", put, await App.SendAsync(user, HttpMethod.Put, path, body));
            Check(who, "GET", get, await App.SendAsync(user, HttpMethod.Get, path));
            Check(who, "DELETE", delete, await App.SendAsync(user, HttpMethod.Delete, path));
            Check(who, "GET agent status", status, await App.SendAsync(user, HttpMethod.Get, $"/api/v1/workspaces/{workspace}/agent"));
        }

        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
        var refused = await App.SendAsync(member, HttpMethod.Put, path, body);
        Assert.Contains("owners and admins", refused.Body.GetProperty("detail").GetString(), StringComparison.Ordinal);

        void Check(string who, string what, HttpStatusCode expected, (HttpStatusCode Status, JsonElement Body) actual)
        {
            if (actual.Status != expected)
            {
                mismatches.Add($"{what} as {who}: expected {(int)expected}, got {(int)actual.Status} {actual.Body}");
            }
        }
    }

    [Fact]
    public async Task Invalid_settings_are_refused_with_a_detail_naming_each_problem()
    {
        var owner = await App.RegisterAsync();
        var teamId = await App.CreateTeamAsync(owner);
        var path = $"/api/v1/teams/{teamId}/agent-provider";

        (object Body, string Field, string Detail)[] cases =
        [
            (new { kind = "gemini", apiKey = TeamKey, model = "m" }, "kind", "\"anthropic\""),
            (new { kind = "openai", endpoint = "ftp://models.example.com", apiKey = TeamKey, model = "m" }, "endpoint", "http://"),
            (new { kind = "openai", endpoint = "https://user:pass@models.example.com/v1", apiKey = TeamKey, model = "m" }, "endpoint", "credentials"),
            (new { kind = "anthropic", apiKey = TeamKey, model = " " }, "model", "model is required"),
            (new { kind = "anthropic", apiKey = TeamKey, model = "m", maxOutputTokens = 0 }, "maxOutputTokens", "between 1 and"),
            (new { kind = "anthropic", apiKey = "sk with spaces", model = "m" }, "apiKey", "printable ASCII"),
            (new { kind = "anthropic", model = "m" }, "apiKey", "needs an API key"),
            (new { kind = "openai", model = "gpt-4.1" }, "apiKey", "needs an API key"),
        ];

        foreach (var (body, field, detail) in cases)
        {
            var (status, problem) = await App.SendAsync(owner, HttpMethod.Put, path, body);
            Assert.True(status == HttpStatusCode.BadRequest, $"{JsonSerializer.Serialize(body)}: expected 400, got {(int)status} {problem}");
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{JsonSerializer.Serialize(body)}: no error for {field} in {problem}");
            Assert.Contains(detail, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        // A local OpenAI-compatible server on a custom endpoint needs no key.
        var local = await App.CallAsync(owner, HttpMethod.Put, path, new { kind = "openai", endpoint = "http://ollama:11434/v1", model = "llama3.1" });
        Assert.False(local.GetProperty("hasApiKey").GetBoolean());
    }

    [Fact]
    public async Task The_key_is_never_returned_and_is_stored_as_ciphertext_that_decrypts_only_for_its_team()
    {
        var owner = await App.RegisterAsync();
        var teamId = await App.CreateTeamAsync(owner);
        var workspace = await App.CreateWorkspaceAsync(owner, teamId);
        var path = $"/api/v1/teams/{teamId}/agent-provider";

        var (_, saved) = await App.SendAsync(owner, HttpMethod.Put, path, new { kind = "anthropic", apiKey = TeamKey, model = "claude-team" });
        var (_, read) = await App.SendAsync(owner, HttpMethod.Get, path);
        var (_, status) = await App.SendAsync(owner, HttpMethod.Get, $"/api/v1/workspaces/{workspace}/agent");
        foreach (var response in new[] { saved, read, status })
        {
            Assert.DoesNotContain(TeamKey, response.GetRawText(), StringComparison.Ordinal);
            Assert.DoesNotContain(InstallationKey, response.GetRawText(), StringComparison.Ordinal);
        }

        Assert.True(read.GetProperty("hasApiKey").GetBoolean());
        var stored = await StoredKeyAsync(teamId);
        Assert.NotNull(stored);
        Assert.NotEqual(TeamKey, stored);
        Assert.DoesNotContain(TeamKey, stored, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(TeamKey)), stored, StringComparison.Ordinal);
        var resolver = App.Factory.Services.GetRequiredService<IAgentProviderResolver>();
        Assert.Equal(TeamKey, (await resolver.ResolveAsync(workspace))?.ApiKey);

        // Omitting the key keeps it; "" removes it (then Anthropic refuses: it needs one).
        await App.CallAsync(owner, HttpMethod.Put, path, new { kind = "anthropic", model = "claude-renamed" });
        Assert.Equal((TeamKey, "claude-renamed"), ((await resolver.ResolveAsync(workspace))?.ApiKey, (await resolver.ResolveAsync(workspace))?.Model));
        Assert.Equal(HttpStatusCode.BadRequest, (await App.SendAsync(owner, HttpMethod.Put, path, new { kind = "anthropic", apiKey = "", model = "m" })).Status);

        // The ciphertext of one team copied into another team's row does not decrypt there: that team resolves to nothing usable.
        var otherTeam = await App.CreateTeamAsync(owner);
        var otherWorkspace = await App.CreateWorkspaceAsync(owner, otherTeam);
        await App.CallAsync(owner, HttpMethod.Put, $"/api/v1/teams/{otherTeam}/agent-provider", new { kind = "anthropic", apiKey = "sk-other-team-key", model = "claude-other" });
        await ExecuteAsync("UPDATE team_agent_providers SET api_key_protected = @stored WHERE team_id = @otherTeam", new { stored, otherTeam });
        Assert.Null(await resolver.ResolveAsync(otherWorkspace));
        var help = await App.CallAsync(owner, HttpMethod.Get, $"/api/v1/workspaces/{otherWorkspace}/agent");
        Assert.False(help.GetProperty("configured").GetBoolean());
        Assert.Contains("set the key again", help.GetProperty("help").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_any_provider_the_status_names_the_settings_to_configure_and_sqlite_stores_a_teams_override()
    {
        await using var app = new WorkspaceTestApp(new WebFrontFactory(postgresConnectionString: null, docker: fixture.Docker));
        var owner = await app.RegisterAsync();
        var teamId = await app.CreateTeamAsync(owner);
        var workspace = await app.CreateWorkspaceAsync(owner, teamId);

        var status = await app.CallAsync(owner, HttpMethod.Get, $"/api/v1/workspaces/{workspace}/agent");
        Assert.False(status.GetProperty("configured").GetBoolean());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("source").ValueKind);
        var help = status.GetProperty("help").GetString();
        Assert.Contains("Vibe:Agent:Provider:Kind", help, StringComparison.Ordinal);
        Assert.Contains("Vibe:Agent:Provider:ApiKey", help, StringComparison.Ordinal);
        Assert.Contains("/agent-provider", help, StringComparison.Ordinal);
        Assert.Null(await app.Factory.Services.GetRequiredService<IAgentProviderResolver>().ResolveAsync(workspace));

        // Configuration keys are for the installation admin (the owner here, the first account); a member reads plain words.
        var member = await app.RegisterAsync();
        await app.Factory.AddMemberAsync(teamId, owner, member, "member");
        var memberHelp = (await app.CallAsync(member, HttpMethod.Get, $"/api/v1/workspaces/{workspace}/agent")).GetProperty("help").GetString();
        Assert.Equal("No AI provider is configured. Ask the installation admin to configure one, or a team owner or admin to set one for the team.", memberHelp);

        await app.CallAsync(owner, HttpMethod.Put, $"/api/v1/teams/{teamId}/agent-provider", new { kind = "anthropic", apiKey = TeamKey, model = "claude-team" });

        var configured = await app.CallAsync(owner, HttpMethod.Get, $"/api/v1/workspaces/{workspace}/agent");
        Assert.Equal(("team", true), (configured.GetProperty("source").GetString(), configured.GetProperty("configured").GetBoolean()));
        Assert.Equal(TeamKey, (await app.Factory.Services.GetRequiredService<IAgentProviderResolver>().ResolveAsync(workspace))?.ApiKey);
        await using var connection = await app.Factory.Services.GetRequiredService<VibeDatabase>().OpenAsync(CancellationToken.None);
        var stored = await connection.QuerySingleAsync<string>("SELECT api_key_protected FROM team_agent_providers WHERE team_id = @teamId", new { teamId });
        Assert.DoesNotContain(TeamKey, stored, StringComparison.Ordinal);
        Assert.True(await connection.QuerySingleAsync<long>("SELECT COUNT(*) FROM data_protection_keys") >= 1, "the key ring is kept in the database");
    }

    private async Task<string?> StoredKeyAsync(Guid teamId)
    {
        await using var connection = await App.Factory.Services.GetRequiredService<VibeDatabase>().OpenAsync(CancellationToken.None);
        return await connection.QuerySingleOrDefaultAsync<string>("SELECT api_key_protected FROM team_agent_providers WHERE team_id = @teamId", new { teamId });
    }

    private async Task ExecuteAsync(string sql, object parameters)
    {
        await using var connection = await App.Factory.Services.GetRequiredService<VibeDatabase>().OpenAsync(CancellationToken.None);
        await connection.ExecuteAsync(sql, parameters);
    }
}
