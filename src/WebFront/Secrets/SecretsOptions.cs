namespace Vibe.WebFront.Secrets;

/// <summary>
/// The "Vibe:Secrets" configuration section: what encrypts the Data Protection key ring (whose keys in turn encrypt the
/// teams' AI provider keys). One of a key or a certificate; without either, a standalone installation generates a key
/// into its data directory (mode 0600), and a cluster refuses to start.
/// </summary>
public sealed class SecretsOptions
{
    public const string SectionName = "Vibe:Secrets";

    /// <summary>The key-encryption key: base64 of 32 random bytes (`openssl rand -base64 32`). Encrypts every new and rewrapped key ring entry.</summary>
    public string? KeyEncryptionKey { get; set; }

    /// <summary>Earlier key-encryption keys, ';'-separated: entries still under one are decrypted with it and rewrapped under the current key at startup.</summary>
    public string? PreviousKeyEncryptionKeys { get; set; }

    /// <summary>Instead of a key: a PFX file with an RSA certificate and its private key.</summary>
    public string? KeyEncryptionCertificate { get; set; }

    /// <summary>The password of <see cref="KeyEncryptionCertificate"/>, if it has one.</summary>
    public string? KeyEncryptionCertificatePassword { get; set; }
}
