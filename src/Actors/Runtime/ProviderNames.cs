namespace Vibe.Actors.Runtime;

internal static class ProviderNames
{
    /// <summary>The storage used when [PersistentState] names none.</summary>
    public const string DefaultStorage = "Default";
}
