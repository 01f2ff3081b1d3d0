using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Vibe.Hosting.Clustering;

/// <summary>Checks the failure-detection options bound from "Vibe:Cluster:FailureDetection", naming the configuration key of each bad value.</summary>
internal sealed class ClusterMembershipOptionsValidator : IValidateOptions<ClusterMembershipOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusterMembershipOptions options)
    {
        var failures = new List<string>();
        Positive(failures, nameof(options.ProbeTimeout), options.ProbeTimeout);
        AtLeastOne(failures, nameof(options.NumMissedProbesLimit), options.NumMissedProbesLimit);
        AtLeastOne(failures, nameof(options.NumProbedSilos), options.NumProbedSilos);
        AtLeastOne(failures, nameof(options.NumVotesForDeathDeclaration), options.NumVotesForDeathDeclaration);
        Positive(failures, nameof(options.DeathVoteExpirationTimeout), options.DeathVoteExpirationTimeout);
        Positive(failures, nameof(options.IAmAliveTablePublishTimeout), options.IAmAliveTablePublishTimeout);
        AtLeastOne(failures, nameof(options.NumMissedTableIAmAliveLimit), options.NumMissedTableIAmAliveLimit);
        Positive(failures, nameof(options.TableRefreshTimeout), options.TableRefreshTimeout);
        Positive(failures, nameof(options.DefunctSiloExpiration), options.DefunctSiloExpiration);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(List<string> failures, string key, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{ClusterSettings.FailureDetectionSectionName}:{key} is {value}; it must be positive.");
        }
    }

    private static void AtLeastOne(List<string> failures, string key, int value)
    {
        if (value < 1)
        {
            failures.Add($"{ClusterSettings.FailureDetectionSectionName}:{key} is {value}; it must be at least 1.");
        }
    }
}
