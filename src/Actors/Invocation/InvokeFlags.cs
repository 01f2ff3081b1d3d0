namespace Vibe.Actors.Invocation;

/// <summary>How a request may be scheduled, taken from the interface method's attributes.</summary>
[Flags]
public enum InvokeFlags
{
    None = 0,

    /// <summary>[ReadOnly]: may interleave with other read-only requests.</summary>
    ReadOnly = 1,

    /// <summary>[AlwaysInterleave]: may interleave with any request.</summary>
    AlwaysInterleave = 2,

    /// <summary>[OneWay]: the caller does not wait for a response.</summary>
    OneWay = 4,
}
