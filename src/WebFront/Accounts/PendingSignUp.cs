namespace Vibe.WebFront.Accounts;

/// <summary>A sign-up waiting for its email to be confirmed (a class with setters for Dapper).</summary>
internal sealed class PendingSignUp
{
    public string Email { get; set; } = "";

    public string DisplayName { get; set; } = "";

    public string PasswordHash { get; set; } = "";
}
