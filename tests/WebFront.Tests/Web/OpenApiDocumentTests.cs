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
