namespace Vibe.WebFront.Accounts;

/// <summary>The body of GET /api/v1/setup.</summary>
/// <param name="NeedsFirstAccount">No account exists yet: the first one created becomes the installation admin.</param>
/// <param name="SignUp">Who may create an account: Open, InviteOnly or Closed.</param>
/// <param name="Email">Whether Vibe sends email (an open sign-up is then finished from a link sent to the address).</param>
public sealed record SetupStatus(bool NeedsFirstAccount, SignUpPolicy SignUp, bool Email);
