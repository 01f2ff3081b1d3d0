namespace Vibe.Actors.Cluster;

/// <summary>
/// A per-silo runtime service reached like a grain: its grain id is ("sys.&lt;name&gt;", silo address), so calls go
/// straight to that silo. It is always active there and keeps turn-based concurrency like any activation.
/// </summary>
internal interface ISystemTarget : IGrainWithStringKey;
