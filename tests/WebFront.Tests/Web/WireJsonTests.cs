using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Vibe.Grains.Interfaces.Agents;
using Vibe.Grains.Interfaces.Workspaces;
using Vibe.WebFront.Teams;
using Vibe.WebFront.Web;
using Vibe.WebFront.Workspaces;

namespace Vibe.WebFront.Tests.Web;

/// <summary>The names of enum values in messages and parsed requests are the ones the JSON carries.</summary>
public sealed class WireJsonTests
{
    private static readonly JsonSerializerOptions s_wire = Wire();

    [Fact]
    public void A_value_is_named_as_the_json_writes_it_its_own_name_included()
    {
        Assert.Equal(JsonSerializer.Serialize(AgentProviderKind.OpenAI, s_wire), $"\"{WireJson.Name(AgentProviderKind.OpenAI)}\"");
        Assert.Equal("openai", WireJson.Name(AgentProviderKind.OpenAI));
        Assert.Equal("running", WireJson.Name(WorkspaceStatus.Running));
        Assert.Equal("anthropic or openai", WireJson.Names<AgentProviderKind>());
        Assert.Equal("owner, admin, member or viewer", WireJson.Names<TeamRole>());
    }

    [Fact]
    public void Parsing_takes_the_wire_names_in_any_case_and_nothing_else()
    {
        Assert.Equal(AgentProviderKind.OpenAI, WireJson.Parse<AgentProviderKind>(" OpenAI "));
        Assert.Equal(TeamRole.Viewer, WireJson.Parse<TeamRole>("viewer"));
        Assert.Null(WireJson.Parse<AgentProviderKind>("openAI-compatible"));
        Assert.Null(WireJson.Parse<TeamRole>("3"));
        Assert.Null(WireJson.Parse<TeamRole>(null));
    }

    [Fact]
    public void Numbers_must_be_json_numbers()
    {
        Assert.Equal(128, JsonSerializer.Deserialize<WorkspaceLimitsRequest>("""{"memoryMb":128}""", s_wire)!.MemoryMb);
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<WorkspaceLimitsRequest>("""{"memoryMb":"128"}""", s_wire));
    }

    /// <summary>The API's options as the web front makes them: the framework's defaults, then the wire contract.</summary>
    private static JsonSerializerOptions Wire()
    {
        var options = new JsonOptions().SerializerOptions;
        WireJson.Apply(options);
        return options;
    }
}
