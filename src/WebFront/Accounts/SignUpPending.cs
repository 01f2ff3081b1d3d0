namespace Vibe.WebFront.Accounts;

/// <summary>The answer (202) of an open sign-up when Vibe sends email: the same whether or not the address has an account.</summary>
/// <param name="Email">Where the link to finish (or a note that an account exists) was sent.</param>
/// <param name="Detail">What to do next, for people.</param>
public sealed record SignUpPending(string Email, string Detail);
