using Vibe.Actors.Cluster;

namespace Vibe.Actors.Tests.Cluster;

[Collection(PostgresCollection.Name)]
public sealed class PostgresMembershipTableTests(PostgresFixture postgres) : MembershipTableContractTests
{
    protected override async Task<IMembershipTable> CreateTableAsync(string clusterId)
    {
        var table = new PostgresMembershipTable(await postgres.GetDatabaseAsync(nameof(PostgresMembershipTableTests)), clusterId);
        await table.InitializeAsync(tryInitTableVersion: true, CancellationToken.None);
        return table;
    }

    [Fact]
    public async Task AClientThatDoesNotCreateTheVersionRowReadsAnEmptyClusterAtVersionZero()
    {
        var dataSource = await postgres.GetDatabaseAsync(nameof(PostgresMembershipTableTests));
        var client = new PostgresMembershipTable(dataSource, ClusterId);
        await client.InitializeAsync(tryInitTableVersion: false, CancellationToken.None);

        var read = await client.ReadAllAsync(CancellationToken.None);

        Assert.Empty(read.Entries);
        Assert.Equal(new TableVersion(0, "0"), read.Version);
    }
}
