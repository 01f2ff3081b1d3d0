namespace Vibe.Actors.Messaging;

/// <summary>What a connection preamble says: the connector's hello or the acceptor's answer to it.</summary>
internal enum HandshakeStatus : byte
{
    /// <summary>Sent by the connecting silo; names the silo it means to reach.</summary>
    Hello = 0,

    /// <summary>The acceptor took the connection; both sides may send frames now.</summary>
    Accepted = 1,

    /// <summary>The acceptor is itself connecting to the connector (and wins the tie); the connector waits for that connection.</summary>
    Duplicate = 2,

    /// <summary>The acceptor is not the silo the connector asked for (another generation on the same endpoint).</summary>
    WrongTarget = 3,
}
