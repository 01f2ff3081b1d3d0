using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Vibe.TestSupport;
using Vibe.WebFront.Agents;
using Vibe.WebFront.Data;

namespace Vibe.WebFront.Tests.Secrets;

/// <summary>
/// The Data Protection key ring (it encrypts the teams' API keys) is stored encrypted: with a key generated into the data
/// directory (mode 0600) by default, a configured key (rotated by listing the old one as previous), or a certificate.
/// </summary>
[Collection(WebFrontCollection.Name)]
public sealed class KeyRingEncryptionTests(WebFrontFixture fixture)
{
    private const string TeamKey = "sk-team-secret-key-keyring-0001";

    [Fact]
    public async Task By_default_a_key_generated_into_the_data_directory_encrypts_the_ring_and_nothing_warns_about_it()
    {
        var database = await fixture.Postgres.CreateDatabaseAsync();
        var dataDirectory = Directory.CreateTempSubdirectory("vibe-keyring-").FullName;
        var logs = new LogCapture();
        Guid teamId;
        await using (var factory = new WebFrontFactory(database, services: s => s.AddSingleton<ILoggerProvider>(logs), dataDirectory: dataDirectory))
        {
            teamId = await StoreTeamKeyAsync(factory);
            var keyFile = Path.Combine(dataDirectory, "secrets", "key-encryption.key");
            Assert.True(File.Exists(keyFile), "no key-encryption key was generated");
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
            }
            var ring = await KeyRingAsync(factory);
            Assert.All(ring, xml => Assert.Contains("encryptedSecret", xml, StringComparison.Ordinal));
            Assert.All(ring, xml => Assert.DoesNotContain("masterKey", xml, StringComparison.Ordinal));
        }

        Assert.DoesNotContain(logs.Entries, e => e.Message.Contains("No XML encryptor configured", StringComparison.Ordinal));

        // A restart with the same data directory reads the key back: the stopped app has let go of the directory already.
        Assert.True(LockIsFree(Path.Combine(dataDirectory, "vibe.lock")), "The stopped app still holds the data directory's lock.");
        await using (var restarted = new WebFrontFactory(database, dataDirectory: dataDirectory))
        {
            Assert.Equal(TeamKey, (await restarted.Services.GetRequiredService<IAgentProviderResolver>().ResolveAsync(teamId))?.ApiKey);
        }

        // After the app has stopped: while it runs, the workspaces' root is mounted on itself (nosuid,nodev) and can't be removed.
        Directory.Delete(dataDirectory, recursive: true);
    }

    [Fact]
    public async Task A_configured_key_encrypts_the_ring_and_a_rotated_key_rewraps_it_at_startup()
    {
        var database = await fixture.Postgres.CreateDatabaseAsync();
        var oldKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var newKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        Guid teamId;
        await using (var first = new WebFrontFactory(database, Settings(("Vibe:Secrets:KeyEncryptionKey", oldKey))))
        {
            teamId = await StoreTeamKeyAsync(first);
            Assert.All(await KeyRingAsync(first), xml => Assert.Contains($"keyId=\"{KeyId(oldKey)}\"", xml, StringComparison.Ordinal));
        }

        await using (var rotated = new WebFrontFactory(database, Settings(("Vibe:Secrets:KeyEncryptionKey", newKey), ("Vibe:Secrets:PreviousKeyEncryptionKeys", oldKey))))
        {
            Assert.Equal(TeamKey, (await rotated.Services.GetRequiredService<IAgentProviderResolver>().ResolveAsync(teamId))?.ApiKey);
            Assert.All(await KeyRingAsync(rotated), xml => Assert.Contains($"keyId=\"{KeyId(newKey)}\"", xml, StringComparison.Ordinal));
        }

        // Once rewrapped, the old key is no longer needed.
        await using var withoutOld = new WebFrontFactory(database, Settings(("Vibe:Secrets:KeyEncryptionKey", newKey)));
        Assert.Equal(TeamKey, (await withoutOld.Services.GetRequiredService<IAgentProviderResolver>().ResolveAsync(teamId))?.ApiKey);
    }

    [Fact]
    public async Task A_certificate_can_encrypt_the_ring_instead()
    {
        var database = await fixture.Postgres.CreateDatabaseAsync();
        var pfx = Path.Combine(Path.GetTempPath(), $"vibe-kek-{Guid.NewGuid():N}.pfx");
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=Vibe key ring test", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "pfx password"));
        }

        try
        {
            var settings = Settings(("Vibe:Secrets:KeyEncryptionCertificate", pfx), ("Vibe:Secrets:KeyEncryptionCertificatePassword", "pfx password"));
            Guid teamId;
            await using (var first = new WebFrontFactory(database, settings))
            {
                teamId = await StoreTeamKeyAsync(first);
                Assert.All(await KeyRingAsync(first), xml => Assert.Contains("EncryptedData", xml, StringComparison.Ordinal));
            }

            await using var restarted = new WebFrontFactory(database, settings);
            Assert.Equal(TeamKey, (await restarted.Services.GetRequiredService<IAgentProviderResolver>().ResolveAsync(teamId))?.ApiKey);
        }
        finally
        {
            File.Delete(pfx);
        }
    }

    private static Dictionary<string, string?> Settings(params (string Key, string Value)[] settings) =>
        settings.ToDictionary(s => s.Key, s => (string?)s.Value);

    private static string KeyId(string base64) => Convert.ToHexStringLower(SHA256.HashData(Convert.FromBase64String(base64)))[..16];

    private static async Task<Guid> StoreTeamKeyAsync(WebFrontFactory factory)
    {
        var owner = await factory.RegisterAsync();
        var team = await factory.CreateTeamAsync(owner);
        using var client = factory.CreateClient(owner);
        await HttpAssert.OkAsync<System.Text.Json.JsonElement>(await System.Net.Http.Json.HttpClientJsonExtensions.PutAsJsonAsync(
            client, $"/api/v1/teams/{team.Id}/agent-provider", new { kind = "anthropic", apiKey = TeamKey, model = "claude-team" }));
        return team.Id;
    }

    private static async Task<List<string>> KeyRingAsync(WebFrontFactory factory)
    {
        await using var connection = await factory.Services.GetRequiredService<VibeDatabase>().OpenAsync(CancellationToken.None);
        var ring = (await connection.QueryAsync<string>("SELECT xml FROM data_protection_keys")).ToList();
        Assert.NotEmpty(ring);
        return ring;
    }

    private static bool LockIsFree(string path)
    {
        try
        {
            using var probe = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
    }
}
