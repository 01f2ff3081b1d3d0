namespace Vibe.Actors.Runtime;

internal enum ActivationState
{
    /// <summary>Constructing the grain, reading its state and running OnActivateAsync; requests wait.</summary>
    Activating,

    /// <summary>Serving requests.</summary>
    Valid,

    /// <summary>Waiting for running requests, then running OnDeactivateAsync; new requests wait to be re-routed.</summary>
    Deactivating,

    /// <summary>Gone from the catalog; requests sent here are re-routed.</summary>
    Invalid,
}
