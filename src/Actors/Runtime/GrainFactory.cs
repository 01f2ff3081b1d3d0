using Vibe.Actors.Invocation;

namespace Vibe.Actors.Runtime;

/// <summary>Makes grain references through the generated proxies.</summary>
internal sealed class GrainFactory(SiloRuntime silo) : IGrainFactory
{
    public TGrainInterface GetGrain<TGrainInterface>(string primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithStringKey
    {
        ArgumentNullException.ThrowIfNull(primaryKey);
        return Create<TGrainInterface>(new GrainId(silo.TypeResolver.ResolveGrainType(typeof(TGrainInterface), grainClassNamePrefix), primaryKey));
    }

    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithGuidKey =>
        Create<TGrainInterface>(GrainId.Create(silo.TypeResolver.ResolveGrainType(typeof(TGrainInterface), grainClassNamePrefix), primaryKey));

    public TGrainInterface GetGrain<TGrainInterface>(GrainId grainId)
        where TGrainInterface : IAddressable => Create<TGrainInterface>(grainId);

    private TGrainInterface Create<TGrainInterface>(GrainId grainId) => (TGrainInterface)(object)silo.CreateReference(typeof(TGrainInterface), grainId);
}
