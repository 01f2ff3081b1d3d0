using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Vibe.Cli.Tests;

/// <summary>Signing in and out with vibe: the credentials file, who am I, and the errors a person meets first.</summary>
[Collection(CliCollection.Name)]
public sealed class AuthTests(CliServer server)
{
    [Fact]
    public async Task Login_keeps_the_session_in_an_owner_only_credentials_file_and_whoami_says_who_and_where()
    {
        var ada = await server.SignUpAsync("ada");

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(ada.CredentialsPath));
        using (var saved = JsonDocument.Parse(await File.ReadAllTextAsync(ada.CredentialsPath)))
        {
            Assert.Equal(server.Url.ToString(), saved.RootElement.GetProperty("server").GetString());
            Assert.False(string.IsNullOrEmpty(saved.RootElement.GetProperty("refreshToken").GetString()));
        }

        var whoami = await ada.RunAsync("whoami");
        Assert.True(whoami.ExitCode == 0, whoami.ToString());
        Assert.Contains($"<{ada.Email}> on {server.Url}", whoami.Stdout, StringComparison.Ordinal);

        var json = await ada.RunAsync("whoami", "--json");
        using var me = JsonDocument.Parse(json.Stdout);
        Assert.Equal(ada.Email, me.RootElement.GetProperty("email").GetString());
    }

    [Fact]
    public async Task An_expired_access_token_is_refreshed_and_the_rotated_refresh_token_saved()
    {
        var ada = await server.SignUpAsync("refresher");
        var before = JsonDocument.Parse(await File.ReadAllTextAsync(ada.CredentialsPath)).RootElement;

        // As if the saved access token had expired: the next command must refresh it, and keep working.
        var expired = before.Clone().ToString().Replace(before.GetProperty("accessTokenExpiresAt").GetString()!, "2000-01-01T00:00:00+00:00", StringComparison.Ordinal);
        await File.WriteAllTextAsync(ada.CredentialsPath, expired);
        var whoami = await ada.RunAsync("whoami");
        Assert.True(whoami.ExitCode == 0, whoami.ToString());

        var after = JsonDocument.Parse(await File.ReadAllTextAsync(ada.CredentialsPath)).RootElement;
        Assert.NotEqual(before.GetProperty("refreshToken").GetString(), after.GetProperty("refreshToken").GetString());
        Assert.NotEqual(before.GetProperty("accessToken").GetString(), after.GetProperty("accessToken").GetString());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(ada.CredentialsPath));
    }

    [Fact]
    public async Task Logout_revokes_the_session_and_forgets_the_credentials()
    {
        var ada = await server.SignUpAsync("leaver");
        var refreshToken = JsonDocument.Parse(await File.ReadAllTextAsync(ada.CredentialsPath)).RootElement.GetProperty("refreshToken").GetString();

        var logout = await ada.RunAsync("logout");
        Assert.True(logout.ExitCode == 0, logout.ToString());
        Assert.False(File.Exists(ada.CredentialsPath));

        using var http = new HttpClient { BaseAddress = server.Url };
        using var refresh = await http.PostAsync("/api/v1/auth/refresh", JsonContent(new { refreshToken }));
        Assert.Equal(HttpStatusCode.Unauthorized, refresh.StatusCode);

        var whoami = await ada.RunAsync("whoami");
        Assert.Equal(1, whoami.ExitCode);
        Assert.Contains("You are not signed in: run `vibe login URL`", whoami.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_is_refused_with_the_servers_reason_and_nothing_is_saved()
    {
        var ada = await server.SignUpAsync("typo", signIn: false);

        var login = await ada.RunAsync(["login", server.Url.ToString(), "--email", ada.Email, "--password-stdin"], "not the password\n");

        Assert.Equal(1, login.ExitCode);
        Assert.Contains("error: The email or password is wrong.", login.Stderr, StringComparison.Ordinal);
        AssertNoStackTrace(login);
        Assert.False(File.Exists(ada.CredentialsPath));
    }

    [Fact]
    public async Task A_command_before_signing_in_says_to_sign_in()
    {
        var ada = await server.SignUpAsync("newcomer", signIn: false);

        var list = await ada.RunAsync("ws", "ls");

        Assert.Equal(1, list.ExitCode);
        Assert.Contains("You are not signed in: run `vibe login URL`", list.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_that_does_not_answer_is_named_as_unreachable()
    {
        var ada = await server.SignUpAsync("offline", signIn: false);
        var closedPort = ClosedPort();

        var login = await ada.RunAsync(["login", $"http://127.0.0.1:{closedPort}", "--email", ada.Email, "--password-stdin"], CliServer.Password + "\n");

        Assert.Equal(1, login.ExitCode);
        Assert.Contains($"Cannot reach the Vibe server at http://127.0.0.1:{closedPort}/ (connection refused)", login.Stderr, StringComparison.Ordinal);
        AssertNoStackTrace(login);
    }

    [Fact]
    public async Task A_server_that_went_away_is_named_as_unreachable_for_a_signed_in_command()
    {
        var ada = await server.SignUpAsync("stranded");
        var closedPort = ClosedPort();
        var saved = await File.ReadAllTextAsync(ada.CredentialsPath);
        await File.WriteAllTextAsync(ada.CredentialsPath, saved.Replace(server.Url.ToString(), $"http://127.0.0.1:{closedPort}/", StringComparison.Ordinal));

        var exec = await ada.RunAsync("exec", "someworkspace", "--", "true");

        Assert.Equal(125, exec.ExitCode);
        Assert.Contains($"Cannot reach the Vibe server at http://127.0.0.1:{closedPort}/", exec.Stderr, StringComparison.Ordinal);
        AssertNoStackTrace(exec);
    }

    internal static void AssertNoStackTrace(VibeResult result)
    {
        Assert.DoesNotContain("   at ", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", result.Stderr, StringComparison.Ordinal);
    }

    private static System.Net.Http.StringContent JsonContent(object body) =>
        new(JsonSerializer.Serialize(body), System.Text.Encoding.UTF8, "application/json");

    /// <summary>A loopback port nothing listens on: bound, read, released.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
