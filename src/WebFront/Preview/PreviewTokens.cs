using System.Globalization;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Vibe.WebFront.Preview;

/// <summary>
/// Signed, short-lived preview tokens: who may open which workspace port, until when. They are protected with the
/// installation's Data Protection key ring (shared by every web silo), so any silo can check one another issued.
/// </summary>
internal sealed class PreviewTokens(IDataProtectionProvider protection, IOptions<PreviewOptions> options, TimeProvider clock)
{
    private readonly ITimeLimitedDataProtector _protector = protection.CreateProtector("Vibe.Preview.v1").ToTimeLimitedDataProtector();

    public (string Token, DateTimeOffset ExpiresAt) Issue(string workspaceId, int port, Guid userId)
    {
        var expiresAt = clock.GetUtcNow() + options.Value.TokenLifetime;
        var token = _protector.Protect(string.Join('\n', workspaceId, port.ToString(CultureInfo.InvariantCulture), userId.ToString("N")), expiresAt);
        return (token, expiresAt);
    }

    /// <summary>The user a valid, unexpired token for exactly this workspace and port was issued to; null otherwise.</summary>
    public Guid? Read(string? token, string workspaceId, int port)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        string payload;
        try
        {
            payload = _protector.Unprotect(token, out _);
        }
        catch (CryptographicException)
        {
            return null;
        }

        var parts = payload.Split('\n');
        return parts.Length == 3
            && parts[0] == workspaceId
            && parts[1] == port.ToString(CultureInfo.InvariantCulture)
            && Guid.TryParseExact(parts[2], "N", out var userId)
            ? userId
            : null;
    }
}
