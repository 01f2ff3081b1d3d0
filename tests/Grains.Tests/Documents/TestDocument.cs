using System.Text;
using Vibe.Grains.Documents;

namespace Vibe.Grains.Tests.Documents;

/// <summary>One test file in a workspace and its document grain.</summary>
internal sealed record TestDocument(WorkspaceSilo Silo, IWorkspaceGrain Workspace, string WorkspaceId, string Path)
{
    public string Key => DocumentKeys.Format(WorkspaceId, Path);

    public IDocumentGrain Grain => Silo.Grains.GetGrain<IDocumentGrain>(Key);

    /// <summary>The file on the host.</summary>
    public string HostPath => System.IO.Path.Combine(Silo.Root, WorkspaceId, Path);

    public string ReadDisk() => File.Exists(HostPath) ? Encoding.UTF8.GetString(File.ReadAllBytes(HostPath)) : "<missing>";

    public Task<StreamRecorder<DocumentUpdatesEvent>> RecordUpdatesAsync() => StreamRecorder<DocumentUpdatesEvent>.SubscribeAsync(Silo, DocumentStreams.Updates, Key);

    public Task<StreamRecorder<DocumentNotice>> RecordNoticesAsync() => StreamRecorder<DocumentNotice>.SubscribeAsync(Silo, DocumentStreams.Notices, Key);

    public Task<StreamRecorder<DocumentPresence>> RecordPresenceAsync() => StreamRecorder<DocumentPresence>.SubscribeAsync(Silo, DocumentStreams.Presence, Key);
}
