using System.Collections.Concurrent;
using Vibe.Actors.Cluster;

namespace Vibe.Actors.Tests.Cluster;

public sealed class InMemoryMembershipTableTests : MembershipTableContractTests
{
    // An in-memory table holds one cluster: the silos of a cluster share its instance.
    private readonly ConcurrentDictionary<string, InMemoryMembershipTable> _clusters = new();

    protected override async Task<IMembershipTable> CreateTableAsync(string clusterId)
    {
        var table = _clusters.GetOrAdd(clusterId, id => new InMemoryMembershipTable(id));
        await table.InitializeAsync(tryInitTableVersion: true, CancellationToken.None);
        return table;
    }
}
