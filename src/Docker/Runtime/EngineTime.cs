using System.Globalization;
using Vibe.Docker.Logs;

namespace Vibe.Docker.Runtime;

/// <summary>Times as the engine writes and reads them.</summary>
internal static class EngineTime
{
    /// <summary>A container's start or finish time (RFC 3339 with nanoseconds); MinValue when absent.</summary>
    public static DateTimeOffset Parse(string? text) =>
        text is not null && LogReader.TryParseTimestamp(text, out var time) ? time : DateTimeOffset.MinValue;

    /// <summary>A time Docker.DotNet has read into a <see cref="DateTime"/>: UTC unless it says otherwise; MinValue for 0001-01-01 (never).</summary>
    public static DateTimeOffset FromDateTime(DateTime time) =>
        time == default ? DateTimeOffset.MinValue : new DateTimeOffset(time.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(time, DateTimeKind.Utc) : time.ToUniversalTime());

    /// <summary>The <c>since</c> of logs and events: Unix seconds with nine fractional digits.</summary>
    public static string? ToUnixSeconds(DateTimeOffset? time)
    {
        if (time is not { } value)
        {
            return null;
        }

        var seconds = Math.DivRem(value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks, TimeSpan.TicksPerSecond, out var remainder);
        if (remainder < 0)
        {
            seconds--;
            remainder += TimeSpan.TicksPerSecond;
        }

        return string.Create(CultureInfo.InvariantCulture, $"{seconds}.{remainder * 100:D9}");
    }
}
