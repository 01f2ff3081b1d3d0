using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace Vibe.WebFront.Secrets;

/// <summary>
/// Encrypts the secret parts of Data Protection keys with the current key-encryption key (AES-256-GCM), as
/// <c>&lt;encryptedKey keyId="..."&gt;base64(nonce | tag | ciphertext)&lt;/encryptedKey&gt;</c>; <see cref="KeyRingDecryptor"/> reverses it.
/// </summary>
internal sealed class KeyRingEncryptor(KeyEncryptionKeys keys) : IXmlEncryptor
{
    public const string ElementName = "encryptedKey";
    public const string KeyIdAttribute = "keyId";
    public const int NonceBytes = 12;
    public const int TagBytes = 16;

    // Binds every ciphertext to this use: it cannot be replayed as something else encrypted with the same key.
    public static readonly byte[] AssociatedData = "Vibe.DataProtection.KeyRing.v1"u8.ToArray();

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        ArgumentNullException.ThrowIfNull(plaintextElement);
        var (id, key) = keys.Current;
        var plaintext = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var sealedBytes = new byte[NonceBytes + TagBytes + plaintext.Length];
        var nonce = sealedBytes.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using (var aes = new AesGcm(key, TagBytes))
        {
            aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(NonceBytes + TagBytes), sealedBytes.AsSpan(NonceBytes, TagBytes), AssociatedData);
        }

        CryptographicOperations.ZeroMemory(plaintext);
        var element = new XElement(ElementName, new XAttribute(KeyIdAttribute, id), Convert.ToBase64String(sealedBytes));
        return new EncryptedXmlInfo(element, typeof(KeyRingDecryptor));
    }
}
