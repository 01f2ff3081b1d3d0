namespace Vibe.WebFront.Accounts;

/// <summary>The "Vibe:Auth" configuration section: tokens, passwords, sign-up, sign-in throttling and rate limits.</summary>
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

    /// <summary>
    /// Who may create an account once the installation admin exists: Open, InviteOnly or Closed (default InviteOnly). The
    /// installation admin's choice in the app replaces it.
    /// </summary>
    public SignUpPolicy? SignUp { get; set; }

    /// <summary>Failed sign-ins for one account from one IP address before further tries from there are slowed down (default 5).</summary>
    public int FreeFailedSignInsPerAccount { get; set; } = 5;

    /// <summary>Failed sign-ins from one IP address, for any accounts, before its further tries are slowed down (default 20).</summary>
    public int FreeFailedSignInsPerAddress { get; set; } = 20;

    /// <summary>The longest wait a slowed-down address is given between tries; waits double from 1 second up to it (default 15 minutes).</summary>
    public TimeSpan MaxSignInDelay { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long failed sign-ins are remembered after the last one (default 1 day).</summary>
    public TimeSpan SignInFailureMemory { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Sign-in and registration requests one IP address may make per <see cref="RateLimitWindow"/> (default 20).</summary>
    public int RequestsPerAddress { get; set; } = 20;

    /// <summary>The window of the per-address rate limit (default 1 minute).</summary>
    public TimeSpan RateLimitWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a team invitation can be accepted (default 7 days).</summary>
    public TimeSpan InvitationLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long a password reset link made by the installation admin works (default 1 day).</summary>
    public TimeSpan PasswordResetLifetime { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How long the link that finishes an open sign-up (sent by email) works (default 1 day).</summary>
    public TimeSpan SignUpLinkLifetime { get; set; } = TimeSpan.FromDays(1);
}
