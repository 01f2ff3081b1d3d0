using Dapper;
using Vibe.WebFront.Data;

namespace Vibe.WebFront.Accounts;

/// <summary>
/// Open sign-ups waiting for their email to be confirmed (table pending_sign_ups), when Vibe sends email: the account is
/// made only when the link sent to the address is opened, so registering tells nobody whether an address has an account.
/// </summary>
internal sealed class PendingSignUpStore(VibeDatabase database)
{
    /// <summary>Stores a sign-up and returns the token of its link; an earlier pending sign-up of the same email is replaced.</summary>
    public async Task<string> CreateAsync(string email, string displayName, string passwordHash, DateTimeOffset now, DateTimeOffset expiresAt, CancellationToken cancellationToken)
    {
        var token = OneTimeTokens.Create();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM pending_sign_ups WHERE email = @email OR expires_at <= @now",
            new { email, now = now.ToUnixTimeMilliseconds() }, transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO pending_sign_ups (token_hash, email, display_name, password_hash, created_at, expires_at)
            VALUES (@hash, @email, @displayName, @passwordHash, @now, @expiresAt)
            """,
            new { hash = OneTimeTokens.Hash(token), email, displayName, passwordHash, now = now.ToUnixTimeMilliseconds(), expiresAt = expiresAt.ToUnixTimeMilliseconds() },
            transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return token;
    }

    /// <summary>Removes and returns the pending sign-up of <paramref name="token"/>; null when it is unknown, used or expired.</summary>
    public async Task<PendingSignUp?> TakeAsync(string token, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<PendingSignUp>(new CommandDefinition(
            """
            DELETE FROM pending_sign_ups WHERE token_hash = @hash AND expires_at > @now
            RETURNING email, display_name, password_hash
            """,
            new { hash = OneTimeTokens.Hash(token), now = now.ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
    }
}
