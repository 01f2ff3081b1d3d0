namespace Vibe.Actors.CodeGen;

/// <summary>Everything the compilation's module initializer registers, sorted so the output is deterministic.</summary>
internal sealed record RegistrationModel(EquatableArray<GrainInterfaceModel> Interfaces, EquatableArray<GrainClassModel> Grains)
{
    public bool IsEmpty => Interfaces.IsEmpty && Grains.IsEmpty;
}
