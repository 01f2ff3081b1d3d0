namespace Vibe.Actors.Streams;

/// <summary>One subscription to a stream.</summary>
public abstract class StreamSubscriptionHandle<T> : IEquatable<StreamSubscriptionHandle<T>>
{
    public abstract Guid HandleId { get; }

    public abstract StreamId StreamId { get; }

    public abstract string ProviderName { get; }

    /// <summary>Stops delivery to this subscription.</summary>
    public abstract Task UnsubscribeAsync();

    /// <summary>Attaches a new observer to this subscription, for example after the grain was re-activated.</summary>
    public abstract Task<StreamSubscriptionHandle<T>> ResumeAsync(IAsyncObserver<T> observer);

    public bool Equals(StreamSubscriptionHandle<T>? other) => other is not null && HandleId == other.HandleId;

    public override bool Equals(object? obj) => obj is StreamSubscriptionHandle<T> other && Equals(other);

    public override int GetHashCode() => HandleId.GetHashCode();
}
