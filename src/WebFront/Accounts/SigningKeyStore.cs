using System.Data.Common;
using System.Security.Cryptography;
using Dapper;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using Vibe.Hosting;
using Vibe.WebFront.Data;

namespace Vibe.WebFront.Accounts;

/// <summary>
/// The key that signs and checks access tokens: Vibe:Auth:SigningKey, or the one stored in the app database (generated
/// by the first process that starts, so every web silo on the database and every restart use the same). Loaded at startup.
/// </summary>
internal sealed class SigningKeyStore(VibeDatabase database, IOptions<AuthOptions> options, TimeProvider time) : IHostedService
{
    private const string SettingName = "auth.signing_key";
    private const int KeyBytes = 32;

    private SymmetricSecurityKey? _key;

    /// <summary>The key; available once the host has started.</summary>
    public SymmetricSecurityKey Key => _key ?? throw new InvalidOperationException("The token signing key is not loaded yet: the host has not started.");

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var configured = options.Value.SigningKey;
        byte[] key;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            key = Decode(configured) ?? throw new VibeStartupException(
                $"Vibe:Auth:SigningKey must be base64 of at least {KeyBytes} random bytes (e.g. the output of `openssl rand -base64 32`); unset it to let Vibe generate and store one.");
        }
        else
        {
            try
            {
                key = Decode(await LoadOrCreateAsync(cancellationToken))
                    ?? throw new VibeStartupException($"The stored token signing key (vibe_settings '{SettingName}') is not base64 of at least {KeyBytes} bytes; delete the row to generate a new one (everyone signs in again).");
            }
            catch (DbException failed)
            {
                throw new VibeStartupException($"the token signing key cannot be read from the app database ({database.Description}): {failed.Message}", failed);
            }
        }

        _key = new SymmetricSecurityKey(key) { KeyId = Convert.ToHexStringLower(SHA256.HashData(key))[..16] };
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task<string> LoadOrCreateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO vibe_settings (name, value, created_at) VALUES (@name, @value, @now) ON CONFLICT (name) DO NOTHING",
            new { name = SettingName, value = Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyBytes)), now = time.GetUtcNow().ToUnixTimeMilliseconds() },
            cancellationToken: cancellationToken));
        return await connection.QuerySingleAsync<string>(new CommandDefinition(
            "SELECT value FROM vibe_settings WHERE name = @name", new { name = SettingName }, cancellationToken: cancellationToken));
    }

    private static byte[]? Decode(string base64)
    {
        var buffer = new byte[base64.Length];
        return Convert.TryFromBase64String(base64.Trim(), buffer, out var written) && written >= KeyBytes ? buffer[..written] : null;
    }
}
