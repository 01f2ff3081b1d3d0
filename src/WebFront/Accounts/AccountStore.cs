using Dapper;
using Vibe.WebFront.Data;

namespace Vibe.WebFront.Accounts;

/// <summary>The users table (accounts and their password hashes) and disabled_users.</summary>
internal sealed class AccountStore(VibeDatabase database)
{
    private const string Columns = """
        u.id, u.email, u.display_name, u.password_hash, u.is_admin, u.created_at, u.password_changed_at,
        CASE WHEN d.user_id IS NULL THEN FALSE ELSE TRUE END AS is_disabled
        """;

    private const string FromUsers = "FROM users u LEFT JOIN disabled_users d ON d.user_id = u.id";

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
        return new AccountUser(id, email, displayName, isAdmin) { SecurityStamp = at };
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
            $"SELECT {Columns} {FromUsers} WHERE u.email = @email", new { email }, cancellationToken: cancellationToken));
    }

    public async Task<UserRecord?> FindByIdAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<UserRecord>(new CommandDefinition(
            $"SELECT {Columns} {FromUsers} WHERE u.id = @id", new { id }, cancellationToken: cancellationToken));
    }

    /// <summary>Whether the user is an enabled installation admin, as the database says now (an access token's admin claim may be minutes old).</summary>
    public async Task<bool> IsEnabledAdminAsync(Guid id, CancellationToken cancellationToken) =>
        await FindByIdAsync(id, cancellationToken) is { IsAdmin: true, IsDisabled: false };

    /// <summary>Stores a new hash of the same password (made with more iterations than the old one).</summary>
    public async Task UpgradePasswordHashAsync(Guid id, string newPasswordHash, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE users SET password_hash = @newPasswordHash WHERE id = @id", new { id, newPasswordHash }, cancellationToken: cancellationToken));
    }

    public async Task ChangePasswordAsync(Guid id, string passwordHash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE users SET password_hash = @passwordHash, password_changed_at = @at WHERE id = @id",
            new { id, passwordHash, at = now.ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
    }

    /// <summary>The accounts, by email, for the installation admin; <paramref name="search"/> filters on email and name.</summary>
    public async Task<IReadOnlyList<UserRecord>> ListAsync(string? search, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        var pattern = string.IsNullOrWhiteSpace(search) ? null : "%" + search.Trim().ToLowerInvariant().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
        var rows = await connection.QueryAsync<UserRecord>(new CommandDefinition(
            $"""
            SELECT {Columns} {FromUsers}
            WHERE @pattern IS NULL OR u.email LIKE @pattern ESCAPE '\' OR LOWER(u.display_name) LIKE @pattern ESCAPE '\'
            ORDER BY u.email
            LIMIT @limit
            """,
            new { pattern, limit }, cancellationToken: cancellationToken));
        return [.. rows];
    }

    /// <summary>Disables or enables the account; false when there is no such account.</summary>
    public async Task<bool> SetDisabledAsync(Guid id, bool disabled, Guid by, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        if (!await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM users WHERE id = @id)", new { id }, cancellationToken: cancellationToken)))
        {
            return false;
        }

        await connection.ExecuteAsync(new CommandDefinition(
            disabled
                ? "INSERT INTO disabled_users (user_id, disabled_by, disabled_at) VALUES (@id, @by, @at) ON CONFLICT (user_id) DO NOTHING"
                : "DELETE FROM disabled_users WHERE user_id = @id",
            new { id, by, at = now.ToUnixTimeMilliseconds() }, cancellationToken: cancellationToken));
        return true;
    }

    /// <summary>
    /// Makes the account an installation admin or not, unless that would leave no enabled admin; serialized so two admins
    /// demoting each other cannot both succeed.
    /// </summary>
    public async Task<AdminChange> SetAdminAsync(Guid id, bool isAdmin, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // Takes the row lock of the first admin's setting (PostgreSQL) or the database's write lock (SQLite).
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE vibe_settings SET value = value WHERE name = @name", new { name = AdminSetting }, transaction, cancellationToken: cancellationToken));
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE users SET is_admin = @isAdmin WHERE id = @id", new { id, isAdmin }, transaction, cancellationToken: cancellationToken));
        if (changed == 0)
        {
            return AdminChange.NoSuchUser;
        }

        var admins = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) {FromUsers} WHERE u.is_admin AND d.user_id IS NULL", transaction: transaction, cancellationToken: cancellationToken));
        if (admins == 0)
        {
            return AdminChange.LastAdmin; // rolled back on dispose
        }

        await transaction.CommitAsync(cancellationToken);
        return AdminChange.Done;
    }

    /// <summary>How many enabled installation admins there are besides <paramref name="except"/>.</summary>
    public async Task<long> CountOtherEnabledAdminsAsync(Guid except, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) {FromUsers} WHERE u.is_admin AND d.user_id IS NULL AND u.id <> @except", new { except }, cancellationToken: cancellationToken));
    }
}
