using System.Globalization;
using Vibe.WebFront.Email;

namespace Vibe.WebFront.Accounts;

/// <summary>The emails of an open sign-up: the link that finishes it, or, for an address that has an account, a note saying so.</summary>
internal static class AccountEmails
{
    public static EmailMessage ConfirmSignUp(string email, string displayName, Uri link, DateTimeOffset expiresAt) => new(
        email,
        "Finish creating your Vibe account",
        $"""
        Hello {displayName},

        Open this link to finish creating your Vibe account:

        {link}

        The link works until {expiresAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC. If you did not sign up, ignore this email.
        """,
        "sign-up");

    public static EmailMessage AlreadyRegistered(string email, Uri signIn) => new(
        email,
        "You already have a Vibe account",
        $"""
        Hello,

        Someone, probably you, tried to create a Vibe account with this address, which has one already. Sign in here:

        {signIn}

        If you forgot your password, ask your Vibe administrator for a reset link. If it was not you, ignore this email.
        """,
        "sign-up");
}
