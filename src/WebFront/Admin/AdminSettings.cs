using Vibe.WebFront.Accounts;

namespace Vibe.WebFront.Admin;

/// <summary>The installation settings the admin sees and changes in the app.</summary>
/// <param name="SignUp">Who may create an account: Open, InviteOnly or Closed.</param>
/// <param name="AllowedAgentEndpoints">Team AI provider endpoints allowed on private addresses, set here.</param>
/// <param name="ConfiguredAllowedAgentEndpoints">Those allowed by the operator's configuration (Vibe:Agent:AllowedEndpoints), read-only here.</param>
/// <param name="Email">Whether Vibe sends email (Vibe:Email).</param>
public sealed record AdminSettings(SignUpPolicy SignUp, IReadOnlyList<string> AllowedAgentEndpoints, IReadOnlyList<string> ConfiguredAllowedAgentEndpoints, bool Email);
