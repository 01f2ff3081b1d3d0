using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using Vibe.Hosting;

namespace Vibe.WebFront.Secrets;

/// <summary>
/// The key-encryption keys of the key ring: the current one (Vibe:Secrets:KeyEncryptionKey, or the key generated into
/// DATA/secrets/key-encryption.key on a standalone installation's first run) and the previous ones still accepted for
/// decryption. Each is known by an id, the start of its SHA-256, stored beside every entry it encrypted. With a
/// certificate configured instead there is no current key; previous keys are still read, so entries move to the certificate.
/// </summary>
internal sealed class KeyEncryptionKeys(IOptions<SecretsOptions> options, string dataDirectory, bool inCluster)
{
    public const int KeyBytes = 32;

    /// <summary>Where a standalone installation keeps its generated key, relative to the data directory.</summary>
    public static readonly string GeneratedKeyFile = Path.Combine("secrets", "key-encryption.key");

    private readonly Lock _lock = new();
    private (string Id, byte[] Key)? _current;
    private Dictionary<string, byte[]>? _all;

    /// <summary>The key new entries are encrypted with; loaded (or generated) on first use.</summary>
    /// <exception cref="InvalidOperationException">A certificate encrypts the key ring instead.</exception>
    public (string Id, byte[] Key) Current
    {
        get
        {
            Load();
            return _current ?? throw new InvalidOperationException("The key ring is encrypted with a certificate, not a key-encryption key.");
        }
    }

    /// <summary>The id of the current key; null when a certificate encrypts the key ring.</summary>
    public string? CurrentId
    {
        get
        {
            Load();
            return _current?.Id;
        }
    }

    /// <summary>The key with <paramref name="id"/>, current or previous; null if it is not configured.</summary>
    public byte[]? Find(string id)
    {
        Load();
        return _all!.GetValueOrDefault(id);
    }

    /// <summary>The id of <paramref name="key"/>.</summary>
    public static string IdOf(byte[] key) => Convert.ToHexStringLower(SHA256.HashData(key))[..16];

    /// <summary>Reads the configured keys, or generates the standalone one; idempotent.</summary>
    /// <exception cref="VibeStartupException">A configured key is not valid, or a cluster member has none.</exception>
    public void Load()
    {
        lock (_lock)
        {
            if (_all is not null)
            {
                return;
            }

            var settings = options.Value;
            var current = !string.IsNullOrWhiteSpace(settings.KeyEncryptionKey) ? Decode(settings.KeyEncryptionKey, "Vibe:Secrets:KeyEncryptionKey")
                : string.IsNullOrWhiteSpace(settings.KeyEncryptionCertificate) ? LoadOrGenerateFile()
                : null;
            var all = new Dictionary<string, byte[]>(StringComparer.Ordinal);
            if (current is not null)
            {
                all[IdOf(current)] = current;
            }

            foreach (var previous in (settings.PreviousKeyEncryptionKeys ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var key = Decode(previous, "Vibe:Secrets:PreviousKeyEncryptionKeys");
                all.TryAdd(IdOf(key), key);
            }

            _current = current is null ? null : (IdOf(current), current);
            _all = all;
        }
    }

    private byte[] LoadOrGenerateFile()
    {
        if (inCluster)
        {
            throw new VibeStartupException(
                "Vibe:Secrets:KeyEncryptionKey is not set: every web front of a cluster must encrypt the Data Protection key ring with the same key. " +
                "Set it on each (base64 of 32 random bytes, e.g. `openssl rand -base64 32`), or Vibe:Secrets:KeyEncryptionCertificate; see docs/secrets.md.");
        }

        var path = Path.Combine(dataDirectory, GeneratedKeyFile);
        try
        {
            if (!File.Exists(path))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                var generated = Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyBytes));
                // CreateNew: two processes cannot both write it; the file is 0600 from the moment it exists.
                var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
                if (!OperatingSystem.IsWindows())
                {
                    create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }

                using var stream = new FileStream(path, create);
                using var writer = new StreamWriter(stream);
                writer.WriteLine(generated);
            }

            return Decode(File.ReadAllText(path), path);
        }
        catch (Exception failed) when (failed is IOException or UnauthorizedAccessException)
        {
            throw new VibeStartupException($"the key-encryption key file {path} cannot be read or written: {failed.Message}", failed);
        }
    }

    private static byte[] Decode(string base64, string source)
    {
        var buffer = new byte[base64.Length];
        return Convert.TryFromBase64String(base64.Trim(), buffer, out var written) && written == KeyBytes
            ? buffer[..written]
            : throw new VibeStartupException($"{source} must be base64 of exactly {KeyBytes} random bytes (e.g. the output of `openssl rand -base64 32`).");
    }
}
