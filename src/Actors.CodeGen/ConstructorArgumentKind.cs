namespace Vibe.Actors.CodeGen;

/// <summary>How the generated grain factory fills one constructor parameter.</summary>
internal enum ConstructorArgumentKind
{
    /// <summary>A required service: <c>GrainActivation.Service&lt;T&gt;</c>.</summary>
    Service,

    /// <summary>A parameter with a default value: <c>GrainActivation.OptionalService&lt;T&gt;</c>.</summary>
    OptionalService,

    /// <summary>A <c>[PersistentState]</c> parameter: <c>GrainActivation.PersistentState&lt;T&gt;</c>.</summary>
    PersistentState,
}
