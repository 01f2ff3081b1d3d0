using Microsoft.Extensions.Logging;

namespace Vibe.Hosting;

/// <summary>The log lines of a Vibe process (the Silo or WebFront) about starting and stopping.</summary>
internal static partial class HostLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Data directory {DataDirectory}, listening on {Urls}")]
    public static partial void Starting(ILogger logger, string dataDirectory, string urls);

    [LoggerMessage(EventId = 2, Level = LogLevel.Critical, Message = "Vibe cannot start: {Problem}")]
    public static partial void CannotStart(ILogger logger, string problem);

    [LoggerMessage(EventId = 5, Level = LogLevel.Warning, Message = "Made private: {Change}")]
    public static partial void TightenedMode(ILogger logger, string change);

    [LoggerMessage(EventId = 6, Level = LogLevel.Warning, Message = "The workspaces' root is not checked for nosuid,nodev (Vibe:Workspaces:AllowSuidMount = true): a setuid program or device node made in a workspace may work on the host")]
    public static partial void SuidMountAllowed(ILogger logger);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Vibe stopped")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Joining cluster {ClusterId} (membership: {Membership}; state and reminders: PostgreSQL {Database}): silo port {SiloEndpoint}, advertised address {AdvertisedAddress}, role \"{Role}\"; HTTP on {Urls}")]
    public static partial void StartingInCluster(ILogger logger, string clusterId, string membership, string database, string siloEndpoint, string advertisedAddress, string role, string urls);
}
