using System.Security.Cryptography;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.Options;
using Vibe.Hosting;

namespace Vibe.WebFront.Secrets;

/// <summary>
/// At startup, brings every stored key ring entry under the current protection: entries encrypted with a previous
/// key-encryption key, and entries stored unencrypted before Vibe encrypted the ring, are encrypted again with the
/// configured key or certificate. After one start with the new key (and the old one in PreviousKeyEncryptionKeys), the old
/// key is no longer needed. Entries no configured key decrypts are left as they are and reported: whatever they protect
/// (teams' API keys) must be set again.
/// </summary>
internal sealed partial class KeyRingRewrapper(
    IKeyRingStore store, KeyEncryptionKeys keys, IOptions<KeyManagementOptions> keyManagement, IServiceProvider services, ILogger<KeyRingRewrapper> logger)
    : IHostedService
{
    private static readonly XNamespace DataProtection = "http://schemas.asp.net/2015/03/dataProtection";
    private static readonly XName EncryptedSecret = DataProtection + "encryptedSecret";
    private static readonly XName RequiresEncryption = DataProtection + "requiresEncryption";
    private static readonly string OurDecryptor = typeof(KeyRingDecryptor).AssemblyQualifiedName!;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var encryptor = keyManagement.Value.XmlEncryptor ?? throw new VibeStartupException("No encryptor protects the Data Protection key ring.");
        var rewrapped = 0;
        var unreadable = new List<string>();
        foreach (var (name, element) in store.GetAllNamedElements())
        {
            try
            {
                if (Rewrap(element, encryptor))
                {
                    store.ReplaceElement(name, element);
                    rewrapped++;
                }
            }
            catch (CryptographicException)
            {
                unreadable.Add(name);
            }
        }

        if (rewrapped > 0)
        {
            LogRewrapped(logger, rewrapped);
        }

        if (unreadable.Count > 0)
        {
            LogUnreadable(logger, unreadable.Count, string.Join(", ", unreadable));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private bool Rewrap(XElement entry, IXmlEncryptor encryptor)
    {
        var changed = false;
        foreach (var secret in entry.Descendants(EncryptedSecret).ToList())
        {
            var inner = secret.Elements().FirstOrDefault();
            if ((string?)secret.Attribute("decryptorType") != OurDecryptor || inner is null
                || (string?)inner.Attribute(KeyRingEncryptor.KeyIdAttribute) == keys.CurrentId)
            {
                continue; // current, or another mechanism's (a certificate's) to read
            }

            secret.ReplaceWith(Encrypt(new KeyRingDecryptor(services).Decrypt(inner), encryptor));
            changed = true;
        }

        foreach (var plaintext in entry.Descendants().Where(e => (string?)e.Attribute(RequiresEncryption) == "true").ToList())
        {
            plaintext.ReplaceWith(Encrypt(plaintext, encryptor));
            changed = true;
        }

        return changed;
    }

    // The form Data Protection writes itself: <encryptedSecret decryptorType="..."> around the encryptor's output.
    private static XElement Encrypt(XElement plaintext, IXmlEncryptor encryptor)
    {
        var encrypted = encryptor.Encrypt(new XElement(plaintext));
        return new XElement(EncryptedSecret, new XAttribute("decryptorType", encrypted.DecryptorType.AssemblyQualifiedName!), encrypted.EncryptedElement);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Encrypted {Count} Data Protection key ring entries again under the current key-encryption key or certificate")]
    private static partial void LogRewrapped(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} Data Protection key ring entries ({Entries}) are encrypted with a key-encryption key that is not configured: add it to Vibe:Secrets:PreviousKeyEncryptionKeys, or teams must set their AI provider keys again (docs/secrets.md)")]
    private static partial void LogUnreadable(ILogger logger, int count, string entries);
}
