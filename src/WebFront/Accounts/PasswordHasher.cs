using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Vibe.WebFront.Accounts;

/// <summary>
/// Hashes passwords with PBKDF2-HMAC-SHA256 and a random 16-byte salt per hash, stored as
/// "pbkdf2-sha256$ITERATIONS$SALT$HASH" (base64): the prefix names the scheme, so another one can be added later and the
/// iteration count travels with each hash. Verification recomputes with the stored count and compares in constant time.
/// </summary>
internal sealed class PasswordHasher(IOptions<AuthOptions> options)
{
    private const string Scheme = "pbkdf2-sha256";
    private const int SaltBytes = 16;
    private const int HashBytes = 32;

    // A hash of a random password, checked against when the email is unknown so that both answers take as long.
    private readonly Lazy<string> _decoy = new(() => Hash(Convert.ToBase64String(RandomNumberGenerator.GetBytes(16)), options.Value.PasswordIterations));

    /// <summary>A new hash of <paramref name="password"/> with the configured iterations.</summary>
    public string Hash(string password) => Hash(password, options.Value.PasswordIterations);

    /// <summary>Whether <paramref name="password"/> matches <paramref name="storedHash"/>, and whether the hash should be renewed (fewer iterations than configured).</summary>
    public PasswordCheck Verify(string storedHash, string password)
    {
        var parts = storedHash.Split('$');
        if (parts is not [Scheme, var iterationText, var saltText, var hashText]
            || !int.TryParse(iterationText, NumberStyles.None, CultureInfo.InvariantCulture, out var iterations)
            || iterations < 1)
        {
            return PasswordCheck.Failed;
        }

        var salt = Convert.FromBase64String(saltText);
        var expected = Convert.FromBase64String(hashText);
        var actual = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, expected.Length);
        if (!CryptographicOperations.FixedTimeEquals(actual, expected))
        {
            return PasswordCheck.Failed;
        }

        return iterations < options.Value.PasswordIterations ? PasswordCheck.SucceededNeedsRehash : PasswordCheck.Succeeded;
    }

    /// <summary>Spends the time of a verification without a stored hash (the email is unknown); always Failed.</summary>
    public PasswordCheck VerifyDecoy(string password)
    {
        _ = Verify(_decoy.Value, password);
        return PasswordCheck.Failed;
    }

    private static string Hash(string password, int iterations)
    {
        var salt = RandomNumberGenerator.GetBytes(SaltBytes);
        var hash = Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(password), salt, iterations, HashAlgorithmName.SHA256, HashBytes);
        return string.Create(CultureInfo.InvariantCulture, $"{Scheme}${iterations}${Convert.ToBase64String(salt)}${Convert.ToBase64String(hash)}");
    }
}
