using Orleans.Streams;

namespace Vibe.WebFront.Hubs;

/// <summary>
/// One message for the clients of a SignalR group: the <see cref="IWorkspaceClient"/> method to call and its single argument.
/// Events of a resumable stream carry the stream's <paramref name="Token"/> (also in the payload, as text), which orders them
/// within their <paramref name="Stream"/> (the stream namespace; tokens of different streams are not comparable).
/// </summary>
internal readonly record struct HubEvent(HubClientMethod Method, object Payload, StreamSequenceToken? Token = null, string? Stream = null);
