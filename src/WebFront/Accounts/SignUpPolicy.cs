namespace Vibe.WebFront.Accounts;

/// <summary>Who may create an account once the installation admin exists (Vibe:Auth:SignUp, changed by the admin in the app).</summary>
public enum SignUpPolicy
{
    /// <summary>Anyone who reaches Vibe.</summary>
    Open,

    /// <summary>Whoever holds a pending team invitation, for the invited address (the default).</summary>
    InviteOnly,

    /// <summary>Only people an installation admin invited; invitations from other team owners and admins reach existing accounts only.</summary>
    Closed,
}
