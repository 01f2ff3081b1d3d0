namespace Vibe.Actors;

/// <summary>Base type of the runtime's own exceptions.</summary>
public class ActorRuntimeException : Exception
{
    public ActorRuntimeException()
    {
    }

    public ActorRuntimeException(string message)
        : base(message)
    {
    }

    public ActorRuntimeException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <summary>A call formed a cycle through a non-reentrant grain that is waiting for that same call chain.</summary>
public sealed class DeadlockException : ActorRuntimeException
{
    public DeadlockException(string message)
        : base(message)
    {
    }

    public DeadlockException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public DeadlockException()
    {
    }
}

/// <summary>A storage write found a different ETag than the one the activation read: another writer got there first.</summary>
public sealed class InconsistentStateException : ActorRuntimeException
{
    public InconsistentStateException(string message, string? storedEtag, string? currentEtag)
        : base(message)
    {
        StoredEtag = storedEtag;
        CurrentEtag = currentEtag;
    }

    public InconsistentStateException(string message)
        : base(message)
    {
    }

    public InconsistentStateException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public InconsistentStateException()
    {
    }

    /// <summary>The ETag found in storage.</summary>
    public string? StoredEtag { get; }

    /// <summary>The ETag the activation held.</summary>
    public string? CurrentEtag { get; }
}

/// <summary>The grain type or interface is not known to this silo.</summary>
public sealed class GrainTypeNotFoundException : ActorRuntimeException
{
    public GrainTypeNotFoundException(string message)
        : base(message)
    {
    }

    public GrainTypeNotFoundException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public GrainTypeNotFoundException()
    {
    }
}

/// <summary>The silo is shutting down or stopped and no longer accepts calls.</summary>
public sealed class SiloUnavailableException : ActorRuntimeException
{
    public SiloUnavailableException(string message)
        : base(message)
    {
    }

    public SiloUnavailableException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public SiloUnavailableException()
    {
    }
}
