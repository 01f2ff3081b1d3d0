using System.Globalization;

namespace Vibe.Actors.Storage;

/// <summary>ETags of the storage providers and reminder tables: the row's integer version, written as a string.</summary>
internal static class StorageETag
{
    public static string Format(long version) => version.ToString(CultureInfo.InvariantCulture);

    /// <summary>Reads the version out of an ETag; false for null or anything this code did not produce.</summary>
    public static bool TryParse(string? eTag, out int version) =>
        int.TryParse(eTag, NumberStyles.None, CultureInfo.InvariantCulture, out version);

    /// <summary>The error for a write or clear whose ETag did not match the stored one; nothing was changed.</summary>
    public static InconsistentStateException Conflict(string operation, string stateName, GrainId grainId, string? storedETag, string? currentETag) =>
        new(
            $"Cannot {operation} state '{stateName}' of grain {grainId}: the stored ETag is {Describe(storedETag)} but the activation holds {Describe(currentETag)}. "
            + "Another activation wrote the state since it was read; read it again before writing.",
            storedETag,
            currentETag);

    private static string Describe(string? eTag) => eTag is null ? "none (no record)" : $"'{eTag}'";
}
