using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace Vibe.WebFront.Secrets;

/// <summary>Decrypts what <see cref="KeyRingEncryptor"/> wrote, with the current or a previous key-encryption key. Data Protection creates it by its type name.</summary>
internal sealed class KeyRingDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        ArgumentNullException.ThrowIfNull(encryptedElement);
        var keys = services.GetRequiredService<KeyEncryptionKeys>();
        var id = (string?)encryptedElement.Attribute(KeyRingEncryptor.KeyIdAttribute) ?? "";
        var key = keys.Find(id) ?? throw new CryptographicException(
            $"A key ring entry is encrypted with key-encryption key {id}, which is not configured: add it to Vibe:Secrets:PreviousKeyEncryptionKeys.");
        var sealedBytes = Convert.FromBase64String(encryptedElement.Value);
        if (sealedBytes.Length < KeyRingEncryptor.NonceBytes + KeyRingEncryptor.TagBytes)
        {
            throw new CryptographicException("A key ring entry's ciphertext is too short.");
        }

        var plaintext = new byte[sealedBytes.Length - KeyRingEncryptor.NonceBytes - KeyRingEncryptor.TagBytes];
        using (var aes = new AesGcm(key, KeyRingEncryptor.TagBytes))
        {
            aes.Decrypt(
                sealedBytes.AsSpan(0, KeyRingEncryptor.NonceBytes),
                sealedBytes.AsSpan(KeyRingEncryptor.NonceBytes + KeyRingEncryptor.TagBytes),
                sealedBytes.AsSpan(KeyRingEncryptor.NonceBytes, KeyRingEncryptor.TagBytes),
                plaintext,
                KeyRingEncryptor.AssociatedData);
        }

        try
        {
            return XElement.Parse(Encoding.UTF8.GetString(plaintext));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }
}
