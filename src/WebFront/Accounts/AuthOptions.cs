namespace Vibe.WebFront.Accounts;

/// <summary>The "Vibe:Auth" configuration section: tokens, passwords, lockout and the sign-in rate limits.</summary>
public sealed class AuthOptions
{
    public const string SectionName = "Vibe:Auth";

    /// <summary>The least number of PBKDF2 iterations accepted (OWASP's 2023 figure for PBKDF2-HMAC-SHA256).</summary>
    public const int MinimumPasswordIterations = 600_000;

    /// <summary>
    /// The HMAC-SHA256 key that signs access tokens, base64 of at least 32 bytes. When unset, a random key is generated
    /// once and stored in the app database (table vibe_settings), so restarts and every web silo sharing the database agree.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>How long an access token is valid (default 15 minutes).</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a refresh token is valid if not used (default 30 days); each refresh issues a new one.</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>PBKDF2-HMAC-SHA256 iterations for new password hashes (default and minimum 600,000); older hashes are upgraded at sign-in.</summary>
    public int PasswordIterations { get; set; } = MinimumPasswordIterations;

    /// <summary>Failed sign-ins in a row that lock an account (default 5).</summary>
    public int MaxFailedSignIns { get; set; } = 5;

    /// <summary>How long a locked account refuses sign-ins, even with the right password (default 15 minutes).</summary>
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Sign-in and registration requests one IP address may make per <see cref="RateLimitWindow"/> (default 20).</summary>
    public int RequestsPerAddress { get; set; } = 20;

    /// <summary>Sign-in attempts for one email address per <see cref="RateLimitWindow"/>, from anywhere (default 10).</summary>
    public int RequestsPerEmail { get; set; } = 10;

    /// <summary>The window of the sign-in rate limits (default 1 minute).</summary>
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a team invitation can be accepted (default 7 days).</summary>
    public TimeSpan InvitationLifetime { get; set; } = TimeSpan.FromDays(7);
}
