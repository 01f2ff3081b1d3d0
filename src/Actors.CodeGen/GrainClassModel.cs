namespace Vibe.Actors.CodeGen;

/// <summary>A non-abstract grain class declared in source, as the registration needs it.</summary>
/// <param name="TypeSyntax">The class as fully qualified C# type syntax.</param>
/// <param name="GrainType">The grain type name that appears in grain ids.</param>
/// <param name="Interfaces">The grain interfaces the class implements, as fully qualified C# type syntax.</param>
/// <param name="CollectionAgeTicks">The idle collection age from <c>[CollectionAgeLimit]</c>, or null for the silo default.</param>
/// <param name="IsAlwaysActive"><c>[CollectionAgeLimit(AlwaysActive = true)]</c>: never collect idle activations.</param>
internal sealed record GrainClassModel(
    string TypeSyntax,
    string GrainType,
    EquatableArray<string> Interfaces,
    EquatableArray<ConstructorArgumentModel> ConstructorArguments,
    bool IsReentrant,
    long? CollectionAgeTicks,
    bool IsAlwaysActive);
