namespace Vibe.Actors.Hosting;

/// <summary>Which silo this code runs in (inject it into a grain to report where it lives).</summary>
public interface ILocalSiloDetails
{
    string SiloName { get; }

    /// <summary>"ip:port@generation" in a cluster; "standalone" otherwise.</summary>
    string SiloAddress { get; }

    /// <summary>The silo's role ("" for a general silo).</summary>
    string Role { get; }
}
