namespace Vibe.Cli.Tests.Fixtures;

/// <summary>A person with an account on the <see cref="CliServer"/> and a home directory of their own, running vibe there.</summary>
public sealed class CliUser(CliServer server, string email, string home)
{
    public string Email { get; } = email;

    public string Home { get; } = home;

    public string CredentialsPath => Path.Combine(Home, ".config", "vibe", "credentials.json");

    public Task<VibeResult> RunAsync(IEnumerable<string> arguments, string? stdin = null) => VibeProcess.RunAsync(Home, arguments, stdin);

    public Task<VibeResult> RunAsync(params string[] arguments) => VibeProcess.RunAsync(Home, arguments);

    public VibeProcess Start(params string[] arguments) => VibeProcess.Start(Home, arguments);

    public VibeProcess StartInPty(params string[] arguments) => VibeProcess.StartInPty(Home, arguments);

    /// <summary>The same person signed in with vibe in another home directory, to <paramref name="url"/> (e.g. a proxy in front of the server).</summary>
    public async Task<CliUser> SignInThroughAsync(Uri url)
    {
        var user = new CliUser(server, Email, Home + "-via-" + url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Directory.CreateDirectory(user.Home);
        var login = await user.RunAsync(["login", url.ToString(), "--email", Email, "--password-stdin"], CliServer.Password + "\n");
        Assert.True(login.ExitCode == 0, $"vibe login through {url} failed: {login}");
        return user;
    }

    /// <summary>Has the workspace's main process write the lines {prefix}{from}..{prefix}{to} to its stdout, in order.</summary>
    public async Task WriteLogLinesAsync(string workspaceId, string prefix, int from, int to)
    {
        var exec = await RunAsync("exec", workspaceId, "--", "sh", "-c", $"for i in $(seq {from} {to}); do echo {prefix}$i > /proc/1/fd/1; done");
        Assert.True(exec.ExitCode == 0, $"writing {prefix}{from}..{prefix}{to}: {exec}");
    }

    /// <summary>Creates and starts a blank workspace with <c>vibe ws create</c> and returns its id.</summary>
    public async Task<string> CreateRunningWorkspaceAsync(string name)
    {
        var created = await RunAsync("ws", "create", name);
        Assert.True(created.ExitCode == 0, $"vibe ws create {name} failed: {created}\nServer:\n{server.ServerOutput}");
        return created.Stdout.Trim();
    }
}
