using Dapper;
using Vibe.WebFront.Data;

namespace Vibe.WebFront.Accounts;

/// <summary>
/// Password reset links the installation admin makes (table password_resets): one pending link per account (a new one
/// replaces the last), used once, valid for Vibe:Auth:PasswordResetLifetime.
/// </summary>
internal sealed class PasswordResetStore(VibeDatabase database)
{
    /// <summary>A new link token for <paramref name="userId"/>; earlier unused links of the account stop working.</summary>
    public async Task<string> CreateAsync(Guid userId, Guid createdBy, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var token = OneTimeTokens.Create();
        var at = now.ToUnixTimeMilliseconds();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE password_resets SET used_at = @at WHERE user_id = @userId AND used_at IS NULL",
            new { userId, at }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO password_resets (id, user_id, token_hash, created_by, created_at, expires_at)
            VALUES (@id, @userId, @hash, @createdBy, @at, @expiresAt)
            """,
            new { id = Guid.NewGuid(), userId, hash = OneTimeTokens.Hash(token), createdBy, at, expiresAt = expiresAt.ToUnixTimeMilliseconds() },
            transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return token;
    }

    /// <summary>Marks the link used and returns its account; null when the token is unknown, used or expired.</summary>
    public async Task<Guid?> UseAsync(string token, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var at = now.ToUnixTimeMilliseconds();
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<Guid?>(new CommandDefinition(
            """
            UPDATE password_resets SET used_at = @at
            WHERE token_hash = @hash AND used_at IS NULL AND expires_at > @at
            RETURNING user_id
            """,
            new { hash = OneTimeTokens.Hash(token), at }, cancellationToken: cancellationToken));
    }
}
