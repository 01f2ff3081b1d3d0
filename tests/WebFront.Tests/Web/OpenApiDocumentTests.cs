using System.Net;
using System.Text.Json.Nodes;

namespace Vibe.WebFront.Tests.Web;

/// <summary>The OpenAPI document describes the wire as it is: enums as camelCase strings.</summary>
[Collection(WebFrontCollection.Name)]
public sealed class OpenApiDocumentTests(WebFrontFixture fixture)
{
    [Fact]
    public async Task EnumsAreCamelCaseStrings()
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
