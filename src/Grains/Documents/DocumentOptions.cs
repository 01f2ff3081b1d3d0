namespace Vibe.Grains.Documents;

/// <summary>The document grains' settings, under <c>WorkspaceOptions.Documents</c> (configuration "Vibe:Workspaces:Documents"); validated when the silo starts.</summary>
public sealed class DocumentOptions
{
    /// <summary>How many recent updates a document keeps for clients that fall behind; an older client reloads (default 512).</summary>
    public int HistoryLength { get; set; } = 512;

    /// <summary>How many updates go into the small per-push log record before the whole text is stored again (default 100).</summary>
    public int SnapshotInterval { get; set; } = 100;

    /// <summary>How long after the first unsaved edit the text is written to the workspace file (default 300 ms).</summary>
    public TimeSpan WriteDelay { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>How often an open document checks its file for changes made outside the editor (default 500 ms).</summary>
    public TimeSpan DiskPollPeriod { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A document with no client present and no call for this long writes its file and deactivates (default 1 min).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>A client whose presence was not refreshed for this long is dropped (as if it left); clients refresh it while open (default 5 min).</summary>
    public TimeSpan PresenceTimeout { get; set; } = TimeSpan.FromMinutes(5);
}
