using Vibe.Cli.Api;
using Vibe.Cli.Api.Models;

namespace Vibe.Cli.Workspaces;

/// <summary>
/// Finds the workspace a command names, by id or by name: an id is tried first (one request), a name is looked up in
/// the caller's list. A name several workspaces share is refused with their ids, and one nobody can see says how to
/// list them. The server decides who may see what: a stranger's workspace is "not found", as one that does not exist.
/// </summary>
internal static class WorkspaceResolver
{
    /// <summary>The workspace <paramref name="reference"/> names, with its details.</summary>
    public static async Task<WorkspaceDetails> ResolveAsync(VibeApi api, string reference, CancellationToken cancellationToken)
    {
        if (LooksLikeId(reference))
        {
            try
            {
                return await api.GetAsync($"/api/v1/workspaces/{Uri.EscapeDataString(reference)}", CliJson.Default.WorkspaceDetails, cancellationToken);
            }
            catch (ApiException ex) when (ex.IsWorkspaceNotFound)
            {
                // Perhaps a name that looks like an id.
            }
        }

        var id = await FindByNameAsync(api, reference, cancellationToken);
        return await api.GetAsync($"/api/v1/workspaces/{Uri.EscapeDataString(id)}", CliJson.Default.WorkspaceDetails, cancellationToken);
    }

    /// <summary>
    /// Calls <paramref name="call"/> with <paramref name="reference"/> as the id; when that is not found, looks it up as a
    /// name and calls again with the id. One request in the usual case, where scripts pass ids.
    /// </summary>
    public static async Task<T> CallAsync<T>(VibeApi api, string reference, Func<string, Task<T>> call, CancellationToken cancellationToken)
    {
        if (LooksLikeId(reference))
        {
            try
            {
                return await call(reference);
            }
            catch (ApiException ex) when (ex.IsWorkspaceNotFound)
            {
                // Not an id the caller can see; perhaps a name.
            }
        }

        return await call(await FindByNameAsync(api, reference, cancellationToken));
    }

    /// <summary>The id of the one workspace called <paramref name="name"/> (or with that id) among those the caller can see.</summary>
    public static async Task<string> FindByNameAsync(VibeApi api, string name, CancellationToken cancellationToken)
    {
        var workspaces = await api.GetAsync("/api/v1/workspaces", CliJson.Default.ListWorkspaceSummary, cancellationToken);
        var matches = workspaces.Where(w => w.Id == name || w.Name == name).ToList();
        if (matches.Count == 0)
        {
            matches = workspaces.Where(w => string.Equals(w.Name, name, StringComparison.OrdinalIgnoreCase)).ToList();
        }

        return matches.Count switch
        {
            1 => matches[0].Id,
            0 => throw NotFound(name),
            _ => throw new CliException($"{matches.Count} workspaces are called '{name}': name one by its id ({string.Join(", ", matches.Select(w => w.Id))})."),
        };
    }

    public static CliException NotFound(string reference) =>
        new($"Workspace '{reference}' was not found, or you may not see it: `vibe ws ls` lists yours.");

    /// <summary>Workspace ids are 1 to 64 letters, digits, '.', '_' and '-', starting with a letter or digit.</summary>
    private static bool LooksLikeId(string reference) =>
        reference.Length is > 0 and <= 64 && char.IsAsciiLetterOrDigit(reference[0])
        && reference.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
}
