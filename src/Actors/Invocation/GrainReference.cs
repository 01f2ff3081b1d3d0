namespace Vibe.Actors.Invocation;

/// <summary>
/// Base class of the generated grain proxies. A reference is cheap, can be stored, passed in calls and
/// compared: two references are equal when they name the same grain through the same interface.
/// </summary>
public abstract class GrainReference : IAddressable, IEquatable<GrainReference>
{
    protected GrainReference(IGrainReferenceRuntime runtime, GrainId grainId)
    {
        Runtime = runtime;
        GrainId = grainId;
    }

    /// <summary>The grain this reference addresses.</summary>
    public GrainId GrainId { get; }

    /// <summary>The grain interface this proxy implements.</summary>
    public abstract Type InterfaceType { get; }

    /// <summary>The runtime that carries this reference's calls.</summary>
    public IGrainReferenceRuntime Runtime { get; }

    /// <summary>A slot the runtime uses to remember where the grain was last found (for example its local activation).</summary>
    internal object? CachedTarget { get; set; }

    protected ValueTask<TResult> InvokeAsync<TResult>(Request<TResult> request) => Runtime.InvokeAsync(this, request);

    protected ValueTask InvokeAsync(VoidRequest request) => Runtime.InvokeAsync(this, request);

    protected void InvokeOneWay(Request request) => Runtime.InvokeOneWay(this, request);

    protected IAsyncEnumerable<TItem> InvokeStreamAsync<TItem>(AsyncEnumerableRequest<TItem> request) => Runtime.InvokeStreamAsync(this, request);

    public bool Equals(GrainReference? other) => other is not null && GrainId == other.GrainId && InterfaceType == other.InterfaceType;

    public override bool Equals(object? obj) => obj is GrainReference other && Equals(other);

    public override int GetHashCode() => GrainId.GetHashCode();

    public override string ToString() => $"{InterfaceType.Name}:{GrainId}";

    public static bool operator ==(GrainReference? left, GrainReference? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(GrainReference? left, GrainReference? right) => !(left == right);
}
