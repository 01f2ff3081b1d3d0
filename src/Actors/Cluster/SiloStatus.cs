namespace Vibe.Actors.Cluster;

/// <summary>A silo's state in the membership table.</summary>
public enum SiloStatus
{
    None = 0,

    /// <summary>The process started but has not written its row yet.</summary>
    Created = 1,

    /// <summary>Written to the table; checking it can reach the active silos.</summary>
    Joining = 2,

    /// <summary>Serving grains.</summary>
    Active = 3,

    /// <summary>Leaving gracefully: deactivating its grains.</summary>
    ShuttingDown = 4,

    /// <summary>Leaving quickly (stop without waiting for grains).</summary>
    Stopping = 5,

    /// <summary>Gone: stopped, or declared dead by the others. A silo that reads itself Dead stops at once.</summary>
    Dead = 6,
}
