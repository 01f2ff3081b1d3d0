using Vibe.Actors.Invocation;

namespace Vibe.Actors;

/// <summary>Reads the primary key of a grain or a grain reference, as in Orleans.</summary>
public static class GrainExtensions
{
    public static GrainId GetGrainId(this IAddressable addressable) => addressable switch
    {
        Grain grain => grain.GrainId,
        GrainReference reference => reference.GrainId,
        _ => throw new ArgumentException($"{addressable.GetType().Name} is neither a grain nor a grain reference.", nameof(addressable)),
    };

    public static string GetPrimaryKeyString(this IAddressable addressable) => addressable.GetGrainId().Key;

    /// <summary>The Guid key of a grain with a Guid key.</summary>
    public static Guid GetPrimaryKey(this IAddressable addressable)
    {
        var key = addressable.GetGrainId().Key;
        return Guid.TryParseExact(key, "N", out var guid)
            ? guid
            : throw new InvalidOperationException($"Grain {addressable.GetGrainId()} does not have a Guid key.");
    }
}
