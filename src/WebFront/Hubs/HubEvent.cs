namespace Vibe.WebFront.Hubs;

/// <summary>One message for the clients of a SignalR group: the client method to call and its single argument.</summary>
internal readonly record struct HubEvent(string Method, object Payload);
