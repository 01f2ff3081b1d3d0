using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Vibe.Grains.Tests.Documents;

[Collection(WorkspaceCollection.Name)]
public sealed class DocumentOptionsTests
{
    [Fact]
    public void Document_options_bind_from_the_workspaces_section()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Vibe:Workspaces:Documents:HistoryLength"] = "64",
                ["Vibe:Workspaces:Documents:WriteDelay"] = "00:00:01",
            })
            .Build();
        var options = new WorkspaceOptions();

        configuration.GetSection("Vibe:Workspaces").Bind(options);

        Assert.Equal((64, TimeSpan.FromSeconds(1), 100), (options.Documents.HistoryLength, options.Documents.WriteDelay, options.Documents.SnapshotInterval));
    }

    [Fact]
    public async Task Document_options_out_of_range_stop_the_silo_from_starting()
    {
        var history = await Assert.ThrowsAsync<OptionsValidationException>(() => WorkspaceSilo.StartAsync(o => o.Documents.HistoryLength = 0));
        Assert.Contains("Documents.HistoryLength must be between 1 and 100000", history.Message, StringComparison.Ordinal);
        var poll = await Assert.ThrowsAsync<OptionsValidationException>(() => WorkspaceSilo.StartAsync(o => o.Documents.DiskPollPeriod = TimeSpan.Zero));
        Assert.Contains("DiskPollPeriod, IdleTimeout and PresenceTimeout must be positive", poll.Message, StringComparison.Ordinal);
    }
}
