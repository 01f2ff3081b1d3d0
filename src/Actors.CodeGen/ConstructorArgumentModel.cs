namespace Vibe.Actors.CodeGen;

/// <summary>One argument of the grain constructor the generated factory calls.</summary>
/// <param name="Type">The service type, or the state type T of <c>IPersistentState&lt;T&gt;</c>, as C# syntax.</param>
/// <param name="StateName">The persistent state name; only for <see cref="ConstructorArgumentKind.PersistentState"/>.</param>
/// <param name="StorageName">The storage provider name, or null for the default one.</param>
/// <param name="DefaultValue">The parameter's default as a C# expression; only for <see cref="ConstructorArgumentKind.OptionalService"/>.</param>
internal sealed record ConstructorArgumentModel(
    ConstructorArgumentKind Kind,
    string Type,
    string? StateName,
    string? StorageName,
    string? DefaultValue);
