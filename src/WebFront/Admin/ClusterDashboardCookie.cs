using Microsoft.AspNetCore.DataProtection;

namespace Vibe.WebFront.Admin;

/// <summary>
/// The browser's pass to the cluster dashboard: an HttpOnly, SameSite=Strict cookie (Secure over HTTPS) sent only under
/// <see cref="Path"/>, holding the admin's user id sealed by Data Protection until it expires. Browsers navigating to the
/// dashboard carry no access token (it lives in the app's memory), so an admin screen asks for this cookie first with
/// one. It only says who the browser is: every dashboard request checks again that the account is an enabled admin.
/// </summary>
internal sealed class ClusterDashboardCookie(IDataProtectionProvider dataProtection, TimeProvider time)
{
    public const string Name = "vibe_cluster";

    /// <summary>Where the dashboard is served, and the only path the cookie is sent to.</summary>
    public const string Path = "/admin/cluster";

    /// <summary>How long a pass lasts; requests in its second half renew it, so an open dashboard keeps working.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(15);

    private readonly ITimeLimitedDataProtector _protector = dataProtection.CreateProtector("Vibe.WebFront.ClusterDashboard").ToTimeLimitedDataProtector();

    /// <summary>Sets the cookie for <paramref name="userId"/> on <paramref name="response"/>; returns when it expires.</summary>
    public DateTimeOffset Issue(HttpResponse response, Guid userId)
    {
        var expiresAt = time.GetUtcNow() + Lifetime;
        response.Cookies.Append(Name, _protector.Protect(userId.ToString("D"), expiresAt), new CookieOptions
        {
            HttpOnly = true,
            Secure = response.HttpContext.Request.IsHttps,
            SameSite = SameSiteMode.Strict,
            Path = Path,
            Expires = expiresAt,
            IsEssential = true,
        });
        return expiresAt;
    }

    /// <summary>The user id the request's cookie holds and when it expires; null without a cookie, with a forged or expired one.</summary>
    public (Guid UserId, DateTimeOffset ExpiresAt)? Read(HttpRequest request)
    {
        if (!request.Cookies.TryGetValue(Name, out var sealedValue) || sealedValue.Length == 0)
        {
            return null;
        }

        try
        {
            // Unprotect checks the expiry against the system clock; the renewal below uses the app's clock.
            var userId = _protector.Unprotect(sealedValue, out var expiresAt);
            return Guid.TryParse(userId, out var id) ? (id, expiresAt) : null;
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            return null;
        }
    }

    /// <summary>Whether a pass expiring at <paramref name="expiresAt"/> is in its second half and worth renewing.</summary>
    public bool ShouldRenew(DateTimeOffset expiresAt) => expiresAt - time.GetUtcNow() < Lifetime / 2;
}
