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

    /// <summary>Creates and starts a blank workspace with <c>vibe ws create</c> and returns its id.</summary>
    public async Task<string> CreateRunningWorkspaceAsync(string name)
    {
        var created = await RunAsync("ws", "create", name);
        Assert.True(created.ExitCode == 0, $"vibe ws create {name} failed: {created}\nServer:\n{server.ServerOutput}");
        return created.Stdout.Trim();
    }
}
