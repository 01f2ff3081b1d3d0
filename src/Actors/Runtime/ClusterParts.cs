using Vibe.Actors.Cluster;
using Vibe.Actors.Messaging;
using Vibe.Actors.Placement;

namespace Vibe.Actors.Runtime;

/// <summary>The pieces a clustered silo adds to the runtime.</summary>
internal sealed record ClusterParts(
    SiloAddress Self,
    ClusterMembershipService Membership,
    GrainDirectory Directory,
    PlacementService Placement,
    RemoteMessenger Messenger,
    SiloConnectionManager Transport);
