namespace Vibe.WebFront.Accounts;

/// <summary>What <see cref="RefreshTokenStore.RotateAsync"/> did with a presented refresh token.</summary>
/// <param name="Kind">Rotated: a new token was issued. Invalid: unknown, expired or revoked. Reused: it had been replaced already, so its family is now revoked.</param>
internal sealed record RefreshOutcome(RefreshOutcomeKind Kind, Guid UserId, string? Token, DateTimeOffset ExpiresAt)
{
    public static RefreshOutcome Rotated(Guid userId, string token, DateTimeOffset expiresAt) => new(RefreshOutcomeKind.Rotated, userId, token, expiresAt);

    public static RefreshOutcome Invalid() => new(RefreshOutcomeKind.Invalid, Guid.Empty, null, default);

    public static RefreshOutcome Reused(Guid userId) => new(RefreshOutcomeKind.Reused, userId, null, default);
}
