namespace Vibe.WebFront.Data;

/// <summary>Timestamps as the database stores them: milliseconds since the Unix epoch, UTC.</summary>
public static class UnixTime
{
    public static long ToMilliseconds(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    public static DateTimeOffset FromMilliseconds(long milliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
}
