using Microsoft.Extensions.Options;
using Vibe.Actors.Hosting;

namespace Vibe.Hosting.Clustering;

/// <summary>Checks the membership timings bound from "Vibe:Cluster:Membership", naming the configuration key of each bad value.</summary>
internal sealed class ClusterMembershipOptionsValidator : IValidateOptions<ClusterMembershipOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusterMembershipOptions options)
    {
        var failures = new List<string>();
        Positive(failures, nameof(options.ProbePeriod), options.ProbePeriod);
        Positive(failures, nameof(options.ProbeTimeout), options.ProbeTimeout);
        AtLeastOne(failures, nameof(options.NumMissedProbesLimit), options.NumMissedProbesLimit);
        AtLeastOne(failures, nameof(options.NumProbedSilos), options.NumProbedSilos);
        AtLeastOne(failures, nameof(options.NumVotesForDeathDeclaration), options.NumVotesForDeathDeclaration);
        Positive(failures, nameof(options.DeathVoteExpirationTimeout), options.DeathVoteExpirationTimeout);
        Positive(failures, nameof(options.IAmAlivePeriod), options.IAmAlivePeriod);
        AtLeastOne(failures, nameof(options.NumMissedTableIAmAliveLimit), options.NumMissedTableIAmAliveLimit);
        Positive(failures, nameof(options.TableRefreshPeriod), options.TableRefreshPeriod);
        Positive(failures, nameof(options.LoadPublishPeriod), options.LoadPublishPeriod);
        Positive(failures, nameof(options.DefunctSiloExpiration), options.DefunctSiloExpiration);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(List<string> failures, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{ClusterSettings.MembershipSectionName}:{key} is {value}; it must be positive.");
        }
    }

    private static void AtLeastOne(List<string> failures, string key, int value)
    {
        if (value < 1)
        {
            failures.Add($"{ClusterSettings.MembershipSectionName}:{key} is {value}; it must be at least 1.");
        }
    }
}
