using System.Text;
using Vibe.Grains.Interfaces.Documents;

namespace Vibe.Grains.Tests.Documents;

/// <summary>One test file in a workspace and its document grain.</summary>
internal sealed record TestDocument(WorkspaceSilo Silo, IWorkspaceGrain Workspace, string WorkspaceId, string Path)
{
    public string Key => DocumentKeys.Format(WorkspaceId, Path);

    public IDocumentGrain Grain => Silo.Grains.GetGrain<IDocumentGrain>(Key);

    /// <summary>The file on the host.</summary>
    public string HostPath => System.IO.Path.Combine(Silo.Root, WorkspaceId, Path);

    public string ReadDisk() => File.Exists(HostPath) ? Encoding.UTF8.GetString(File.ReadAllBytes(HostPath)) : "<missing>";

    public Task<Recording<DocumentUpdatesEvent>> RecordUpdatesAsync() => DocumentRecorder.RecordUpdatesAsync(Silo, Key);

    public Task<Recording<DocumentNotice>> RecordNoticesAsync() => DocumentRecorder.RecordNoticesAsync(Silo, Key);

    public Task<Recording<DocumentPresence>> RecordPresenceAsync() => DocumentRecorder.RecordPresenceAsync(Silo, Key);
}
