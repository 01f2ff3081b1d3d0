using Vibe.Actors.Hosting;

namespace Vibe.Grains;

public static class GrainsSiloBuilderExtensions
{
    /// <summary>Loads Vibe's grains into the silo; the services they need are registered here as they arrive.</summary>
    public static SiloBuilder AddVibeGrains(this SiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        return silo.AddGrains(typeof(GrainsSiloBuilderExtensions).Assembly);
    }
}
