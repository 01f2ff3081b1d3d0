using System.Security.Cryptography;
using System.Text;

namespace Vibe.WebFront.Accounts;

/// <summary>The secret tokens of links (password reset, sign-up confirmation): 256 random bits in URL-safe base64, stored only as a SHA-256 hash.</summary>
internal static class OneTimeTokens
{
    public static string Create() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
