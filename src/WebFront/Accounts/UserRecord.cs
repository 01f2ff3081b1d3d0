namespace Vibe.WebFront.Accounts;

/// <summary>A row of the users table with whether the account is disabled (a class with setters: Dapper converts SQLite's integers into its properties).</summary>
internal sealed class UserRecord
{
    public Guid Id { get; set; }

    public string Email { get; set; } = "";

    public string DisplayName { get; set; } = "";

    public string PasswordHash { get; set; } = "";

    public bool IsAdmin { get; set; }

    public bool IsDisabled { get; set; }

    public long CreatedAt { get; set; }

    /// <summary>When the password last changed (Unix milliseconds): the account's security stamp, carried by its access tokens.</summary>
    public long PasswordChangedAt { get; set; }

    public AccountUser ToAccountUser() => new(Id, Email, DisplayName, IsAdmin) { SecurityStamp = PasswordChangedAt };
}
