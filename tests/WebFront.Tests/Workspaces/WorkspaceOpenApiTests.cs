using System.Net;
using System.Text.Json;

namespace Vibe.WebFront.Tests.Workspaces;

/// <summary>The OpenAPI document describes every workspace endpoint by name, with its error answers.</summary>
[Collection(WebFrontCollection.Name)]
public sealed class WorkspaceOpenApiTests(WebFrontFixture fixture)
{
    [Fact]
    public async Task The_OpenAPI_document_names_every_workspace_endpoint()
    {
        var factory = await fixture.SharedFactoryAsync(nameof(WorkspaceOpenApiTests));
        using var client = factory.CreateClient();

        using var response = await client.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = document.RootElement.GetProperty("paths");
        (string Path, string Method, string OperationId)[] expected =
        [
            ("/api/v1/templates", "get", "ListTemplates"),
            ("/api/v1/workspaces", "get", "ListWorkspaces"),
            ("/api/v1/workspaces", "post", "CreateWorkspace"),
            ("/api/v1/workspaces/{id}", "get", "GetWorkspace"),
            ("/api/v1/workspaces/{id}", "patch", "UpdateWorkspace"),
            ("/api/v1/workspaces/{id}", "delete", "DeleteWorkspace"),
            ("/api/v1/workspaces/{id}/start", "post", "StartWorkspace"),
            ("/api/v1/workspaces/{id}/stop", "post", "StopWorkspace"),
            ("/api/v1/workspaces/{id}/restart", "post", "RestartWorkspace"),
            ("/api/v1/workspaces/{id}/stats", "get", "GetWorkspaceStats"),
            ("/api/v1/workspaces/{id}/logs", "get", "GetWorkspaceLogs"),
            ("/api/v1/workspaces/{id}/files", "get", "ListWorkspaceFiles"),
            ("/api/v1/workspaces/{id}/files", "delete", "DeleteWorkspaceFile"),
            ("/api/v1/workspaces/{id}/files/content", "get", "ReadWorkspaceFile"),
            ("/api/v1/workspaces/{id}/files/content", "put", "WriteWorkspaceFile"),
            ("/api/v1/workspaces/{id}/files/move", "post", "MoveWorkspaceFile"),
            ("/api/v1/workspaces/{id}/exec", "post", "ExecInWorkspace"),
            ("/api/v1/workspaces/{id}/files", "post", "CreateWorkspaceFile"),
            ("/api/v1/workspaces/{id}/files/upload", "post", "UploadWorkspaceFiles"),
            ("/api/v1/workspaces/{id}/files/archive", "get", "DownloadWorkspaceFolder"),
        ];
        foreach (var (path, method, operationId) in expected)
        {
            var operation = paths.TryGetProperty(path, out var item) && item.TryGetProperty(method, out var found) ? found : default;
            Assert.True(operation.ValueKind == JsonValueKind.Object, $"/openapi/v1.json lacks {method} {path}");
            Assert.Equal(operationId, operation.GetProperty("operationId").GetString());
        }

        var start = paths.GetProperty("/api/v1/workspaces/{id}/start").GetProperty("post").GetProperty("responses");
        Assert.All(["200", "403", "404", "409"], status => Assert.True(start.TryGetProperty(status, out _), $"start lacks the {status} answer"));
    }
}
