using Orleans.Streams;

namespace Vibe.WebFront.Hubs;

/// <summary>
/// How a connection joins a feed from a token of its resumable stream: <paramref name="SubscribeFrom"/> makes the
/// connection's own subscription from <paramref name="Since"/>, which hands its events to <see cref="SharedFeed.CatchUpAsync"/>
/// and a cache miss to <see cref="SharedFeed.MissedAsync"/>, and returns how to release it.
/// </summary>
internal sealed record FeedResume(StreamSequenceToken Since, Func<SharedFeed, ResumingConnection, Task<Func<Task>>> SubscribeFrom);
