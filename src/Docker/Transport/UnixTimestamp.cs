using System.Globalization;

namespace Vibe.Docker.Transport;

/// <summary>Formats times the way the daemon's <c>since</c>/<c>until</c> parameters take them: Unix seconds with nine fractional digits.</summary>
internal static class UnixTimestamp
{
    public static string? Format(DateTimeOffset? time)
    {
        if (time is not { } value)
        {
            return null;
        }

        var ticks = value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out var remainder);
        if (remainder < 0)
        {
            seconds--;
            remainder += TimeSpan.TicksPerSecond;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{seconds}.{remainder * 100:D9}");
    }
}
