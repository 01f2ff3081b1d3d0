namespace Vibe.E2E.Tests.Fixtures;

/// <summary>A <see cref="VibeApp"/> whose installation admin (the first account) is registered through the API at start.</summary>
public sealed class AccountsApp : IAsyncLifetime
{
    public const string AdminEmail = "admin@example.com";
    public const string AdminName = "Ada Admin";

    public VibeApp App { get; } = new();

    internal ApiUser Admin { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        await App.InitializeAsync();
        Admin = await App.Api.RegisterAsync(AdminEmail, Ui.Password, AdminName);
    }

    public Task DisposeAsync() => App.DisposeAsync();
}
