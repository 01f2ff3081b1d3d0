namespace Vibe.WebFront.Admin;

/// <summary>A password reset link for an account, shown once to the admin who made it.</summary>
/// <param name="Path">The app path to open, /reset-password/TOKEN (prefix it with the address of Vibe).</param>
/// <param name="Link">The whole link when Vibe:Web:PublicUrl is set; null otherwise.</param>
/// <param name="Emailed">Whether the link was also sent to the account's address.</param>
public sealed record PasswordResetLink(string Path, Uri? Link, DateTimeOffset ExpiresAt, bool Emailed);
