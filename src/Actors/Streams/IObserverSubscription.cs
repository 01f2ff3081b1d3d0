namespace Vibe.Actors.Streams;

/// <summary>A plain object's subscription in this silo's registry.</summary>
internal interface IObserverSubscription
{
    Task DeliverAsync<T>(StreamEvent<T> streamEvent);
}
