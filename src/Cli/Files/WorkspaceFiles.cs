using System.Net.Http.Headers;
using Vibe.Cli.Api;
using Vibe.Cli.Api.Models;

namespace Vibe.Cli.Files;

/// <summary>One workspace's file API (<c>/api/v1/workspaces/{id}/files</c>, paths relative to /workspace) and its exec endpoint.</summary>
internal sealed class WorkspaceFiles(VibeApi api, string workspaceId)
{
    private readonly string _base = $"/api/v1/workspaces/{Uri.EscapeDataString(workspaceId)}";

    /// <summary>The entry at <paramref name="path"/>, or null when there is none ("" is /workspace, a directory).</summary>
    public async Task<FileEntry?> StatAsync(string path, CancellationToken cancellationToken)
    {
        if (path.Length == 0)
        {
            return new FileEntry("workspace", "directory", 0, default);
        }

        try
        {
            var name = RemotePath.NameOf(path);
            return (await ListAsync(RemotePath.ParentOf(path), cancellationToken)).FirstOrDefault(e => e.Name == name);
        }
        catch (ApiException ex) when (ex.Status is 404 or 400)
        {
            // The parent is missing or not a directory.
            return null;
        }
    }

    public Task<List<FileEntry>> ListAsync(string path, CancellationToken cancellationToken) =>
        api.GetAsync($"{_base}/files?path={Uri.EscapeDataString(path)}", CliJson.Default.ListFileEntry, cancellationToken);

    /// <summary>Appends the file's bytes to <paramref name="destination"/>, reporting each block written.</summary>
    public async Task ReadAsync(string path, Stream destination, Action<long> progress, CancellationToken cancellationToken)
    {
        using var response = await api.SendAsync(() => new HttpRequestMessage(HttpMethod.Get, $"{_base}/files/content?path={Uri.EscapeDataString(path)}"), cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            progress(read);
        }
    }

    /// <summary>Writes <paramref name="content"/> to the file at <paramref name="path"/>, creating its directories.</summary>
    public async Task WriteAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        using var response = await api.SendAsync(
            () =>
            {
                var body = new ReadOnlyMemoryContent(content);
                body.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
                return new HttpRequestMessage(HttpMethod.Put, $"{_base}/files/content?path={Uri.EscapeDataString(path)}") { Content = body };
            },
            cancellationToken);
    }

    public async Task DeleteAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await api.SendAsync(() => new HttpRequestMessage(HttpMethod.Delete, $"{_base}/files?path={Uri.EscapeDataString(path)}"), cancellationToken);
    }

    /// <summary>Runs <paramref name="command"/> in the workspace; fails with its stderr unless it exits 0.</summary>
    public async Task RunAsync(string what, IReadOnlyList<string> command, CancellationToken cancellationToken)
    {
        var result = await api.PostAsync($"{_base}/exec", new ExecRequest(command, null), CliJson.Default.ExecRequest, CliJson.Default.ExecResponse, cancellationToken);
        if (result.TimedOut)
        {
            throw new CliException($"{what} in the workspace took longer than the server allows a command; copy fewer files at a time.");
        }

        if (result.ExitCode != 0)
        {
            throw new CliException($"{what} in the workspace failed (exit code {result.ExitCode}): {result.Stderr.Trim()}");
        }
    }
}
