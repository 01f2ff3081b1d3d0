namespace Vibe.WebFront.Tests.Teams;

/// <summary>The users of the team tests, registered once per app: one per role, a stranger, and a member to act on.</summary>
public sealed record TeamCast(TestUser Owner, TestUser Admin, TestUser Member, TestUser Viewer, TestUser Stranger, TestUser Target)
{
    public static Task<TeamCast> GetAsync(WebFrontFactory factory) => factory.GetOrCreateAsync(nameof(TeamCast), async app => new TeamCast(
        await app.RegisterAsync(displayName: "Owner"),
        await app.RegisterAsync(displayName: "Admin"),
        await app.RegisterAsync(displayName: "Member"),
        await app.RegisterAsync(displayName: "Viewer"),
        await app.RegisterAsync(displayName: "Stranger"),
        await app.RegisterAsync(displayName: "Target")));

    /// <summary>The user playing <paramref name="role"/> ("owner", "admin", "member", "viewer", "stranger"); null for "anonymous".</summary>
    public TestUser? As(string role) => role switch
    {
        "owner" => Owner,
        "admin" => Admin,
        "member" => Member,
        "viewer" => Viewer,
        "stranger" => Stranger,
        "anonymous" => null,
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "Not a role of the cast."),
    };
}
