namespace Vibe.TestSupport;

/// <summary>A hub call or connection failed in the Node client; the message is the one the client got.</summary>
public sealed class HubClientException(string message) : Exception(message);
