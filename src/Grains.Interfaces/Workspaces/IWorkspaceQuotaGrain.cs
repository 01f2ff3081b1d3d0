namespace Vibe.Grains.Interfaces.Workspaces;

/// <summary>
/// The running-workspace quota of one owner (key: the owner). Not reentrant, so reservations never race: a workspace
/// reserves a slot before it starts and releases it when it stops, fails or is deleted.
/// </summary>
[Alias("Vibe.IWorkspaceQuotaGrain")]
public interface IWorkspaceQuotaGrain : IGrainWithStringKey
{
    /// <summary>Takes a slot for <paramref name="workspaceId"/> (true if it already holds one); false when the owner is at the limit.</summary>
    Task<bool> Reserve(string workspaceId);

    /// <summary>Gives the slot back; releasing a workspace that holds none is a no-op.</summary>
    Task Release(string workspaceId);

    /// <summary>The workspaces holding a slot.</summary>
    Task<IReadOnlyList<string>> GetReservations();

    /// <summary>How many workspaces the owner may run at once.</summary>
    Task<int> GetLimit();
}
