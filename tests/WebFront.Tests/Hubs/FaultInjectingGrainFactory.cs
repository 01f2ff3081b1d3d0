using System.Reflection;
using Vibe.Actors;

namespace Vibe.WebFront.Tests.Hubs;

/// <summary>The app's grain factory with the references of watched grain interfaces wrapped in a <see cref="GrainFaultProxy"/>.</summary>
internal sealed class FaultInjectingGrainFactory(IGrainFactory inner, GrainFaults faults) : IGrainFactory
{
    public TGrainInterface GetGrain<TGrainInterface>(string primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithStringKey => Wrap(inner.GetGrain<TGrainInterface>(primaryKey, grainClassNamePrefix));

    public TGrainInterface GetGrain<TGrainInterface>(Guid primaryKey, string? grainClassNamePrefix = null)
        where TGrainInterface : IGrainWithGuidKey => Wrap(inner.GetGrain<TGrainInterface>(primaryKey, grainClassNamePrefix));

    public TGrainInterface GetGrain<TGrainInterface>(GrainId grainId)
        where TGrainInterface : IAddressable => Wrap(inner.GetGrain<TGrainInterface>(grainId));

    private TGrainInterface Wrap<TGrainInterface>(TGrainInterface reference)
    {
        if (!faults.Watches(typeof(TGrainInterface)))
        {
            return reference;
        }

        var proxy = DispatchProxy.Create<TGrainInterface, GrainFaultProxy>();
        ((GrainFaultProxy)(object)proxy!).Attach(typeof(TGrainInterface), reference!, faults);
        return proxy;
    }
}
