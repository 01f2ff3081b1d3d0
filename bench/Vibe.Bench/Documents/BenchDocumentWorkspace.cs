using System.Net.Http.Headers;
using System.Text;
using Vibe.Bench.Hubs;

namespace Vibe.Bench.Documents;

/// <summary>A workspace in a running WebFront with one text file in it, made through the REST API as a user would.</summary>
internal sealed class BenchDocumentWorkspace : IAsyncDisposable
{
    private readonly WebFrontProcess _webFront;

    private BenchDocumentWorkspace(WebFrontProcess webFront, string token, string workspaceId, string path, int length)
    {
        _webFront = webFront;
        Token = token;
        WorkspaceId = workspaceId;
        Path = path;
        Length = length;
    }

    /// <summary>The signed-in user's access token, for the hub.</summary>
    public string Token { get; }

    public string WorkspaceId { get; }

    /// <summary>The document's path, relative to the workspace.</summary>
    public string Path { get; }

    /// <summary>The file's length in UTF-16 units.</summary>
    public int Length { get; }

    public Uri HubUrl => new(_webFront.BaseAddress, "/hubs/workspace");

    /// <summary>Registers the first account, creates a workspace and writes <paramref name="text"/> to <paramref name="path"/> in it.</summary>
    public static async Task<BenchDocumentWorkspace> CreateAsync(WebFrontProcess webFront, string name, string path, string text)
    {
        var token = await webFront.RegisterFirstAccountAsync();
        var created = await webFront.SendAsync(HttpMethod.Post, "/api/v1/workspaces", new { name, template = "blank" });
        var workspaceId = created.GetProperty("id").GetString()!;
        var workspace = new BenchDocumentWorkspace(webFront, token, workspaceId, path, text.Length);
        try
        {
            using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            using var response = await webFront.Http.PutAsync($"/api/v1/workspaces/{workspaceId}/files/content?path={Uri.EscapeDataString(path)}", content);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"Writing {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }

            return workspace;
        }
        catch
        {
            await workspace.DisposeAsync();
            throw;
        }
    }

    /// <summary>Deletes the workspace (and its container).</summary>
    public async ValueTask DisposeAsync() => await _webFront.SendAsync(HttpMethod.Delete, $"/api/v1/workspaces/{WorkspaceId}");
}
