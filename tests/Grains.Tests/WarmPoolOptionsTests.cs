using Microsoft.Extensions.Configuration;

namespace Vibe.Grains.Tests;

public sealed class WarmPoolOptionsTests
{
    [Fact]
    public void The_warm_pool_binds_from_configuration_per_template()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Vibe:Workspaces:WarmPool:blank"] = "4",
                ["Vibe:Workspaces:WarmPool:node"] = "1",
            })
            .Build();
        var options = new WorkspaceOptions();

        configuration.GetSection("Vibe:Workspaces").Bind(options);

        Assert.Equal(new Dictionary<string, int> { ["blank"] = 4, ["node"] = 1 }, options.WarmPool);
        Assert.Empty(new WorkspaceOptions().WarmPool);
    }
}
