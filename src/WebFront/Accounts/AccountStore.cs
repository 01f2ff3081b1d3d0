using Dapper;
using Vibe.WebFront.Data;

namespace Vibe.WebFront.Accounts;

/// <summary>The users table: accounts, their password hashes and failed sign-in counts.</summary>
internal sealed class AccountStore(VibeDatabase database)
{
    private const string Columns = "id, email, display_name, password_hash, is_admin, failed_sign_ins, locked_until";

    // The first account to claim this row is the installation admin; ON CONFLICT makes the claim race-free.
    private const string AdminSetting = "installation.admin";

    /// <summary>Creates an account; null if the email is taken. The first account created becomes the installation admin.</summary>
    public async Task<AccountUser?> CreateAsync(string email, string displayName, string passwordHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var id = Guid.NewGuid();
        var at = now.ToUnixTimeMilliseconds();
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO users (id, email, display_name, password_hash, is_admin, failed_sign_ins, created_at, password_changed_at)
            VALUES (@id, @email, @displayName, @passwordHash, FALSE, 0, @at, @at)
            ON CONFLICT (email) DO NOTHING
            """,
            new { id, email, displayName, passwordHash, at }, transaction, cancellationToken: cancellationToken));
        if (inserted == 0)
        {
            return null;
        }

        var isAdmin = await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO vibe_settings (name, value, created_at) VALUES (@name, @id, @at) ON CONFLICT (name) DO NOTHING",
            new { name = AdminSetting, id = id.ToString("D"), at }, transaction, cancellationToken: cancellationToken)) == 1;
        if (isAdmin)
        {
            await connection.ExecuteAsync(new CommandDefinition(
                "UPDATE users SET is_admin = TRUE WHERE id = @id", new { id }, transaction, cancellationToken: cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
        return new AccountUser(id, email, displayName, isAdmin);
    }

    /// <summary>Whether any account exists (the first-run page creates the first one).</summary>
    public async Task<bool> AnyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT EXISTS (SELECT 1 FROM users)", cancellationToken: cancellationToken));
    }

    public async Task<UserRecord?> FindByEmailAsync(string email, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<UserRecord>(new CommandDefinition(
            $"SELECT {Columns} FROM users WHERE email = @email", new { email }, cancellationToken: cancellationToken));
    }

    public async Task<UserRecord?> FindByIdAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<UserRecord>(new CommandDefinition(
            $"SELECT {Columns} FROM users WHERE id = @id", new { id }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Counts a failed sign-in; the <paramref name="maxFailures"/>th in a row locks the account until
    /// <paramref name="lockedUntil"/> and starts the count again. Returns the lock's end if this failure locked the account.
    /// </summary>
    public async Task<DateTimeOffset?> RecordFailedSignInAsync(Guid id, int maxFailures, DateTimeOffset lockedUntil, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var locked = await connection.QuerySingleOrDefaultAsync<long?>(new CommandDefinition(
            """
            UPDATE users SET
                failed_sign_ins = CASE WHEN failed_sign_ins + 1 >= @maxFailures THEN 0 ELSE failed_sign_ins + 1 END,
                locked_until = CASE WHEN failed_sign_ins + 1 >= @maxFailures THEN @lockedUntil ELSE locked_until END
            WHERE id = @id
            RETURNING CASE WHEN locked_until = @lockedUntil THEN locked_until END
            """,
            new { id, maxFailures, lockedUntil = lockedUntil.ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
        return locked is { } until ? UnixTime.FromMilliseconds(until) : null;
    }

    /// <summary>Clears the failed sign-in count and any expired lock; stores <paramref name="newPasswordHash"/> if given.</summary>
    public async Task RecordSignInAsync(Guid id, string? newPasswordHash, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE users SET failed_sign_ins = 0, locked_until = NULL, password_hash = COALESCE(@newPasswordHash, password_hash) WHERE id = @id",
            new { id, newPasswordHash }, cancellationToken: cancellationToken));
    }

    public async Task ChangePasswordAsync(Guid id, string passwordHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE users SET password_hash = @passwordHash, password_changed_at = @at, failed_sign_ins = 0, locked_until = NULL WHERE id = @id",
            new { id, passwordHash, at = now.ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
    }
}
