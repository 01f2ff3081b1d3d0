using System.Data.Common;
using Dapper;
using Vibe.WebFront.Data;

namespace Vibe.WebFront.Accounts;

/// <summary>
/// Refresh tokens: 256 random bits given to the client once, stored as a SHA-256 hash. Tokens come in families (one per
/// sign-in); using a token replaces it with the next of its family. A replaced token used again means two parties hold
/// the family, so the whole family is revoked and both must sign in again.
/// </summary>
internal sealed class RefreshTokenStore(VibeDatabase database)
{
    /// <summary>A new token, the first of a new family, or the next of <paramref name="familyId"/>.</summary>
    public async Task<(string Token, DateTimeOffset ExpiresAt)> IssueAsync(Guid userId, Guid? familyId, DateTimeOffset now, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await IssueAsync(connection, null, userId, familyId ?? Guid.NewGuid(), now, lifetime, cancellationToken);
    }

    /// <summary>Replaces <paramref name="token"/> with the next token of its family; see <see cref="RefreshOutcome"/>.</summary>
    public async Task<RefreshOutcome> RotateAsync(string token, DateTimeOffset now, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var at = now.ToUnixTimeMilliseconds();
        await using var connection = await database.OpenAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<TokenRow>(new CommandDefinition(
            "SELECT id, user_id, family_id, expires_at, replaced_at, revoked_at FROM refresh_tokens WHERE token_hash = @hash",
            new { hash = OneTimeTokens.Hash(token) }, cancellationToken: cancellationToken));
        if (row is null || row.RevokedAt is not null || row.ExpiresAt <= at)
        {
            return RefreshOutcome.Invalid();
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // Only one caller can replace a token: a second one (or a later reuse) finds replaced_at set and revokes the family.
        var replaced = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE refresh_tokens SET replaced_at = @at WHERE id = @id AND replaced_at IS NULL AND revoked_at IS NULL",
            new { at, id = row.Id }, transaction, cancellationToken: cancellationToken));
        if (replaced == 0)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE refresh_tokens SET revoked_at = @at WHERE family_id = @familyId AND revoked_at IS NULL",
                new { at, familyId = row.FamilyId }, transaction, cancellationToken: cancellationToken));
            await transaction.CommitAsync(cancellationToken);
            return RefreshOutcome.Reused(row.UserId);
        }

        var (next, expiresAt) = await IssueAsync(connection, transaction, row.UserId, row.FamilyId, now, lifetime, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return RefreshOutcome.Rotated(row.UserId, next, expiresAt);
    }

    /// <summary>Revokes the family of <paramref name="token"/> (sign-out of that session); returns its user, null if the token is unknown or already revoked.</summary>
    public async Task<Guid?> RevokeFamilyAsync(string token, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QueryFirstOrDefaultAsync<Guid?>(new CommandDefinition(
            """
            UPDATE refresh_tokens SET revoked_at = @at
            WHERE family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = @hash) AND revoked_at IS NULL
            RETURNING user_id
            """,
            new { at = now.ToUnixTimeMilliseconds(), hash = OneTimeTokens.Hash(token) }, cancellationToken: cancellationToken));
    }

    /// <summary>Revokes every refresh token of <paramref name="userId"/> (all sessions).</summary>
    public async Task RevokeAllAsync(Guid userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE refresh_tokens SET revoked_at = @at WHERE user_id = @userId AND revoked_at IS NULL",
            new { at = now.ToUnixTimeMilliseconds(), userId }, cancellationToken: cancellationToken));
    }

    private static async Task<(string Token, DateTimeOffset ExpiresAt)> IssueAsync(
        DbConnection connection, DbTransaction? transaction, Guid userId, Guid familyId, DateTimeOffset now, TimeSpan lifetime, CancellationToken cancellationToken)
    {
        var token = OneTimeTokens.Create();
        var expiresAt = now + lifetime;
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, created_at, expires_at)
            VALUES (@id, @userId, @familyId, @hash, @createdAt, @expiresAt)
            """,
            new
            {
                id = Guid.NewGuid(),
                userId,
                familyId,
                hash = OneTimeTokens.Hash(token),
                createdAt = now.ToUnixTimeMilliseconds(),
                expiresAt = expiresAt.ToUnixTimeMilliseconds(),
            },
            transaction, cancellationToken: cancellationToken));
        return (token, expiresAt);
    }

    private sealed class TokenRow
    {
        public Guid Id { get; set; }

        public Guid UserId { get; set; }

        public Guid FamilyId { get; set; }

        public long ExpiresAt { get; set; }

        public long? ReplacedAt { get; set; }

        public long? RevokedAt { get; set; }
    }
}
