using Microsoft.Extensions.Logging;

namespace Vibe.Silo.Hosting;

/// <summary>The Silo process's own log lines.</summary>
internal static partial class SiloLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Data directory {DataDirectory}, listening on {Urls}")]
    public static partial void Starting(ILogger logger, string dataDirectory, string urls);

    [LoggerMessage(EventId = 2, Level = LogLevel.Critical, Message = "Vibe cannot start: {Problem}")]
    public static partial void CannotStart(ILogger logger, string problem);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Vibe stopped")]
    public static partial void Stopped(ILogger logger);
}
