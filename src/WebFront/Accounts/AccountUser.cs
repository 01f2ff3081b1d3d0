using System.Text.Json.Serialization;

namespace Vibe.WebFront.Accounts;

/// <summary>A user as the API shows it (also the <c>user</c> of token responses and of GET /api/v1/auth/me).</summary>
public sealed record AccountUser(Guid Id, string Email, string DisplayName, bool IsAdmin)
{
    /// <summary>When the password last changed (Unix milliseconds), which the access tokens carry; not shown.</summary>
    [JsonIgnore]
    public long SecurityStamp { get; init; }
}
