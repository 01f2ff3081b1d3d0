using System.Globalization;
using Vibe.WebFront.Email;

namespace Vibe.WebFront.Teams;

/// <summary>The email that carries a team invitation: who invites, to which team, with which role, and the link.</summary>
internal static class InvitationEmails
{
    public static EmailMessage Invitation(string email, string inviter, string team, string role, Uri link, DateTimeOffset expiresAt) => new(
        email,
        $"{inviter} invited you to {team} on Vibe",
        $"""
        Hello,

        {inviter} invited you to join the team {team} on Vibe as a {role}.

        Open this link to accept (you can create an account there if you have none):

        {link}

        The invitation works until {expiresAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC. If you did not expect it, ignore this email.
        """,
        "invitation");
}
