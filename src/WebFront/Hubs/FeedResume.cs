using Orleans.Streams;

namespace Vibe.WebFront.Hubs;

/// <summary>
/// How a connection joins a feed's resumable <paramref name="Stream"/> (a stream namespace) from a token:
/// <paramref name="SubscribeFrom"/> makes the connection's own subscription from <paramref name="Since"/>, which hands its
/// events to <see cref="SharedFeed.CatchUpAsync"/> and a cache miss to <see cref="SharedFeed.MissedAsync"/>, and returns
/// how to release it.
/// </summary>
internal sealed record FeedResume(string Stream, StreamSequenceToken Since, Func<SharedFeed, ResumingStream, Task<Func<Task>>> SubscribeFrom);
