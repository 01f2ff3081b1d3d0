using Microsoft.Extensions.Options;
using Vibe.WebFront.Admin;

namespace Vibe.WebFront.Accounts;

/// <summary>The sign-up policy in force: the installation admin's choice in the app, else Vibe:Auth:SignUp, else InviteOnly.</summary>
internal sealed class SignUpRules(InstallationSettings settings, IOptionsMonitor<AuthOptions> options)
{
    public async Task<SignUpPolicy> GetAsync(CancellationToken cancellationToken) =>
        Enum.TryParse<SignUpPolicy>(await settings.GetAsync(InstallationSettings.SignUp, cancellationToken), ignoreCase: true, out var stored)
            ? stored
            : options.CurrentValue.SignUp ?? SignUpPolicy.InviteOnly;

    public Task SetAsync(SignUpPolicy policy, CancellationToken cancellationToken) =>
        settings.SetAsync(InstallationSettings.SignUp, policy.ToString(), cancellationToken);
}
