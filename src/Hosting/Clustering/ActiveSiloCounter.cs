namespace Vibe.Hosting.Clustering;

/// <summary>
/// Counts the cluster's Active silos for /readyz in this silo's view of the membership table, which follows the table at
/// once on gossip and at the latest after ClusterMembershipOptions.TableRefreshTimeout.
/// </summary>
internal sealed class ActiveSiloCounter(IClusterMembershipService membership)
{
    public int Count()
    {
        var active = 0;
        foreach (var member in membership.CurrentSnapshot.Members.Values)
        {
            if (member.Status == SiloStatus.Active)
            {
                active++;
            }
        }

        return active;
    }
}
