using Microsoft.Extensions.Logging;
using Orleans.Streams;

namespace Vibe.Grains;

/// <summary>The grains' one way to a stream they publish on.</summary>
internal static partial class GrainStreams
{
    /// <summary>
    /// The stream <paramref name="id"/> on provider <paramref name="provider"/>; null, logged with what is lost
    /// (<paramref name="without"/>), when the silo has no such provider (a test silo without streams): publishing is then
    /// skipped, never a failure of the grain call.
    /// </summary>
    public static IAsyncStream<T>? TryGetStream<T>(this IGrainBase grain, string provider, StreamId id, ILogger logger, string without)
    {
        try
        {
            return grain.GetStreamProvider(provider).GetStream<T>(id);
        }
        catch (InvalidOperationException ex)
        {
            LogNoStreamProvider(logger, ex, provider, without);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "No stream provider named {Provider}: {Without}")]
    private static partial void LogNoStreamProvider(ILogger logger, Exception ex, string provider, string without);
}
