namespace Vibe.Actors.Placement;

/// <summary>How a new activation's silo is chosen. Each strategy has a director (<see cref="IPlacementDirector"/>).</summary>
public abstract class PlacementStrategy
{
    /// <summary>The silo role the strategy places on: "" for general silos.</summary>
    public virtual string Role => "";
}

/// <summary>Any compatible silo, at random (the default).</summary>
public sealed class RandomPlacement : PlacementStrategy
{
    public static RandomPlacement Instance { get; } = new();
}

/// <summary>The calling silo if it is compatible, else random.</summary>
public sealed class PreferLocalPlacement : PlacementStrategy
{
    public static PreferLocalPlacement Instance { get; } = new();
}

/// <summary>The silo chosen by the grain id's hash over the compatible silos: stable while membership is.</summary>
public sealed class HashBasedPlacement : PlacementStrategy
{
    public static HashBasedPlacement Instance { get; } = new();
}

/// <summary>The least loaded of two random compatible silos (by reported activation count).</summary>
public sealed class ActivationCountBasedPlacement : PlacementStrategy
{
    public static ActivationCountBasedPlacement Instance { get; } = new();
}

/// <summary>Only silos started with <see cref="Role"/>, at random.</summary>
public sealed class SiloRoleBasedPlacement(string role) : PlacementStrategy
{
    public override string Role { get; } = role;
}
