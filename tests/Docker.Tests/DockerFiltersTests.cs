namespace Vibe.Docker.Tests;

public sealed class DockerFiltersTests
{
    [Fact]
    public void Filters_serialize_as_a_map_of_names_to_value_lists()
    {
        var filters = DockerFilters.ByLabel("io.vibe.workspace", "ws-1").Label("io.vibe.managed").Add("status", "running");

        Assert.Equal("""{"label":["io.vibe.workspace=ws-1","io.vibe.managed"],"status":["running"]}""", filters.ToJson());
    }

    [Fact]
    public void Empty_filters_are_not_sent()
    {
        Assert.Null(new DockerFilters().ToJson());
    }
}
