using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Vibe.WebFront.Tests.Hubs;

namespace Vibe.WebFront.Tests.Web;

/// <summary>
/// The browser app's REST types are generated from <c>src/WebFront/client/openapi.json</c> (<c>npm run api:types</c>;
/// its unit tests check that they are). These tests keep that file what the server serves, and its enums camelCase.
/// </summary>
[Collection(WebFrontCollection.Name)]
public sealed class OpenApiDocumentTests(WebFrontFixture fixture)
{
    /// <summary>Set to 1, the first test rewrites openapi.json with what the server serves instead of failing.</summary>
    private const string UpdateVariable = "VIBE_UPDATE_OPENAPI";

    private static readonly JsonSerializerOptions s_written = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Fact]
    public async Task The_clients_copy_of_the_document_is_what_the_server_serves()
    {
        var served = await ServedAsync();
        var path = Path.Combine(HubClientProcess.FindRepositoryRoot(), "src", "WebFront", "client", "openapi.json");
        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            await File.WriteAllTextAsync(path, served.ToJsonString(s_written) + "\n");
        }

        var copy = JsonNode.Parse(await File.ReadAllTextAsync(path));
        Assert.True(
            JsonNode.DeepEquals(served, copy),
            $"{path} is not what /openapi/v1.json serves: run `{UpdateVariable}=1 dotnet test tests/WebFront.Tests -c Release --filter {nameof(OpenApiDocumentTests)}`, then `npm run api:types` in src/WebFront/client, and commit both files.");
    }

    [Fact]
    public async Task Enums_are_camelCase_strings()
    {
        var schemas = (await ServedAsync())["components"]!["schemas"]!;

        Assert.Equal(
            ["creating", "starting", "running", "stopping", "stopped", "failed", "deleted"],
            schemas["WorkspaceStatus"]!["enum"]!.AsArray().Select(value => value!.GetValue<string>()));
        Assert.Equal(["anthropic", "openai"], schemas["AgentProviderKind"]!["enum"]!.AsArray().Where(value => value is not null).Select(value => value!.GetValue<string>()));
    }

    [Fact]
    public async Task Numbers_are_typed_as_numbers_only()
    {
        var document = await ServedAsync();

        var quotable = Nodes(document).OfType<JsonObject>()
            .Where(schema => schema["type"] is JsonArray types && types.Any(type => type?.GetValue<string>() == "string") && types.Any(type => type?.GetValue<string>() is "integer" or "number"))
            .Select(schema => schema.GetPath())
            .ToList();
        Assert.True(quotable.Count == 0, $"These schemas still allow a number as a string: {string.Join(", ", quotable)}");
        Assert.Equal("integer", document["components"]!["schemas"]!["WorkspaceSummary"]!["properties"]!["memoryLimitBytes"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task Team_roles_are_an_enum_and_workspace_permissions_leave_out_none()
    {
        var schemas = (await ServedAsync())["components"]!["schemas"]!;

        Assert.Equal(["owner", "admin", "member", "viewer"], EnumOf(schemas["TeamRole"]!));
        foreach (var shape in new[] { "TeamSummary", "TeamMember", "PendingInvitation", "TeamInvitation", "CreatedInvitation" })
        {
            Assert.Equal("#/components/schemas/TeamRole", schemas[shape]!["properties"]!["role"]!["$ref"]!.GetValue<string>());
        }

        Assert.Equal(["read", "write", "admin"], EnumOf(schemas["WorkspacePermission"]!));
    }

    [Fact]
    public async Task The_create_request_requires_a_name_and_a_template_and_nothing_else()
    {
        var request = (await ServedAsync())["components"]!["schemas"]!["CreateWorkspaceRequest"]!;

        Assert.Equal(["name", "template"], request["required"]!.AsArray().Select(name => name!.GetValue<string>()).Order());
        Assert.Equal("string", request["properties"]!["name"]!["type"]!.GetValue<string>());
        Assert.Equal("string", request["properties"]!["template"]!["type"]!.GetValue<string>());
    }

    private static IEnumerable<string> EnumOf(JsonNode schema) =>
        schema["enum"]!.AsArray().Where(value => value is not null).Select(value => value!.GetValue<string>());

    /// <summary>Every node of <paramref name="node"/>, itself first.</summary>
    private static IEnumerable<JsonNode> Nodes(JsonNode node) => node switch
    {
        JsonObject obj => obj.Select(property => property.Value).OfType<JsonNode>().SelectMany(Nodes).Prepend(obj),
        JsonArray array => array.OfType<JsonNode>().SelectMany(Nodes).Prepend(array),
        _ => [node],
    };

    /// <summary>The document without its <c>servers</c>, which name the address it was asked at.</summary>
    private async Task<JsonObject> ServedAsync()
    {
        var factory = await fixture.SharedFactoryAsync(nameof(HttpBehaviourTests));
        using var client = factory.CreateClient();
        using var response = await client.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        document.Remove("servers");
        return document;
    }
}
